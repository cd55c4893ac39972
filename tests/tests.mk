# The test programs: one per stage, linked with the shared test support and the stage's
# libraries, plus the benchmark.
TEST_SUPPORT_SOURCES := $(wildcard tests/support/*.cpp)
TEST_LDLIBS := -lgtest -lpthread

define test_rules
$(1)_TEST_SOURCES := $$(wildcard tests/$(1)/*.cpp)
$(BUILD)/tests/$(1)_tests: $$(call objects,$$($(1)_TEST_SOURCES) $(TEST_SUPPORT_SOURCES)) $$($(1)_LIBRARIES)
	@mkdir -p $$(@D)
	@echo "  LINK  $$@"
	$(Q)$(CXX) $(LDFLAGS) $$^ $(LDLIBS) $(TEST_LDLIBS) -o $$@
ALL_TEST_PROGRAMS += $(BUILD)/tests/$(1)_tests
endef
$(foreach s,$(STAGES),$(eval $(call test_rules,$(s))))

# The robustness suite: real attacks on a target server program (both stages) in its own process,
# and the fuzzer's corpus replayed through the fuzzer's harness.
ROBUSTNESS_SOURCES := $(wildcard tests/robustness/*_test.cpp) tests/fuzz/frame_replay.cpp
# The last stage's libraries, in link order: each stage before the stages it builds on.
ALL_LIBRARIES := $($(lastword $(STAGES))_LIBRARIES)
$(BUILD)/tests/robustness_tests: $(call objects,$(ROBUSTNESS_SOURCES) $(TEST_SUPPORT_SOURCES)) $(ALL_LIBRARIES)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) $(TEST_LDLIBS) -o $@
$(BUILD)/tests/robustness_target: $(call objects,tests/robustness/target_server.cpp) $(ALL_LIBRARIES)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
ALL_TEST_PROGRAMS += $(BUILD)/tests/robustness_tests $(BUILD)/tests/robustness_target

# make fuzz builds the libFuzzer target with clang (SAN=fuzz); make fuzz-seeds the seed writer.
FUZZ_HARNESS := $(call objects,tests/fuzz/frame_replay.cpp)
$(BUILD)/tests/fuzz_object_server: $(call objects,tests/fuzz/fuzz_object_server.cpp) $(FUZZ_HARNESS) $(ALL_LIBRARIES)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) -fsanitize=fuzzer $^ $(LDLIBS) -o $@
$(BUILD)/tests/write_seeds: $(call objects,tests/fuzz/write_seeds.cpp) $(FUZZ_HARNESS) $(ALL_LIBRARIES)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

# make bench builds this with -O2 and no sanitizers, into build/bench.
BENCH_SOURCES := $(wildcard tests/bench/*.cpp)
$(BUILD)/tests/bench: $(call objects,$(BENCH_SOURCES)) $(ALL_LIBRARIES)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

# make grade EX=RMI.1a, the student's inner loop, builds only that exercise's tests into a
# program of their own, so an edit recompiles one test file instead of the stage's all.
# EX=RMI.1 takes RMI.1a, RMI.1b, ...: the files rmi1_test.cpp and rmi1[a-z]_test.cpp.
ifneq ($(EX),)
EX_NAME := $(shell echo '$(EX)' | tr -d . | tr A-Z a-z)
EX_SOURCES := $(wildcard tests/*/$(EX_NAME)_test.cpp tests/*/$(EX_NAME)[a-z]_test.cpp)
EX_STAGE := $(word 2,$(subst /, ,$(firstword $(EX_SOURCES))))
EX_PROGRAM := $(BUILD)/tests/exercise_$(EX_NAME)_tests
$(EX_PROGRAM): $(call objects,$(EX_SOURCES) $(TEST_SUPPORT_SOURCES)) $($(EX_STAGE)_LIBRARIES)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) $(TEST_LDLIBS) -o $@
endif
