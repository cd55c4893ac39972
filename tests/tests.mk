# The test programs, for the Makefile (after tests/support/build.mk, whose rules they use):
# one per stage, one per exercise (make grade EX=...), the robustness suite, fuzz and bench.
TEST_SUPPORT := $(call objects,$(wildcard tests/support/*.cpp))
TEST_LDLIBS := -lgtest -lpthread
stage_tests = $(foreach s,$(1),$(BUILD)/tests/$(s)_tests)
STAGE_TESTS := $(call stage_tests,$(STAGES))
SELECTED_TESTS := $(call stage_tests,$(SELECTED_STAGES))

# With clang, each stage's test files, and the robustness suite's, compile as one translation
# unit: $(BUILD)/tests/<program>.cpp includes them all. File by file, each of them instantiated
# and generated the same templates again (the codec's, the proxies', gtest's): stage 1's took
# 21 s of processor time, together 10 s, and the same for stage 2's: about 20 s less for a cold
# make test on two cores (README.md). The price: what a test file keeps to itself (its anonymous
# namespace) must be named apart from its neighbours', and the compiler says so when it is not.
# g++ builds (SAN=thread) still compile each file alone, which proves that each includes what it
# uses, and so do the exercise programs below, so that a re-grade recompiles one file.
test_files = $(or $(TEST_FILES_$(1)),$(wildcard tests/$(patsubst %_tests,%,$(1))/*.cpp))
TEST_FILES_robustness_tests := $(wildcard tests/robustness/*_test.cpp) tests/fuzz/frame_replay.cpp
test_objects = $(if $(CLANG),$(BUILD)/obj/tests/$(1).o,$(call objects,$(call test_files,$(1))))
TESTS_TOGETHER := $(addprefix $(BUILD)/obj/tests/,$(addsuffix .o,$(notdir $(STAGE_TESTS)) \
                    robustness_tests))
$(TESTS_TOGETHER): $(BUILD)/obj/tests/%.o: $(BUILD)/tests/%.cpp $(BUILD)/flags $(PCH) \
                   | $(SOLVED_HEADERS) $(PACKAGES_CHECKED)
	@mkdir -p $(@D)
	@echo "  CXX   $(dir $(firstword $(call test_files,$*)))*.cpp, together"
	$(Q)$(compile)
# Rewritten only when the list of files changes: an edit to a file is seen through -MMD.
$(patsubst $(BUILD)/obj/%.o,$(BUILD)/%.cpp,$(TESTS_TOGETHER)): $(BUILD)/tests/%.cpp: FORCE
	@mkdir -p $(@D)
	@printf '#include "%s"\n' $(call test_files,$*) | cmp -s - $@ || \
	  printf '#include "%s"\n' $(call test_files,$*) > $@

# A stage's test program: tests/<stage>/*.cpp, linked with the stage's libraries.
$(STAGE_TESTS): $(BUILD)/tests/%_tests: $$(call test_objects,$$*_tests) $(TEST_SUPPORT) \
                                        $$(call libraries,$$*) $(PCH_OBJECT)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) $(TEST_LDLIBS) -o $@

# One exercise's tests in a program of their own: make grade EX=RMI.2 builds
# build/<track>/tests/exercise_rmi2_tests from tests/*/rmi2_test.cpp (for EX=RMI.1, from
# rmi1a_test.cpp, rmi1b_test.cpp, ...), so an edit recompiles one test file, not the stage's.
# The grader also falls back on these when a stage's test program does not compile.
EX_NAME := $(subst RMI,rmi,$(subst .,,$(EX)))
exercise_tests = $(wildcard tests/*/$(1)_test.cpp tests/*/$(1)[a-z]_test.cpp)
exercise_stage = $(word 2,$(subst /, ,$(firstword $(call exercise_tests,$(1)))))
# EX's program, if EX has tests.
EX_PROGRAM := $(if $(call exercise_tests,$(EX_NAME)),$(BUILD)/tests/exercise_$(EX_NAME)_tests)
EXERCISE_TESTS := $(sort $(patsubst %_test.cpp,$(BUILD)/tests/exercise_%_tests, \
                    $(notdir $(wildcard tests/*/rmi*_test.cpp))) $(EX_PROGRAM))
# The test helpers of a stage that its exercises' tests use besides their own files: stage 3's
# run against the lookup fixture. (Only these: a helper that includes a student's exercise
# header would stop the other exercises from building when that one does not compile.)
EXERCISE_HELPERS_stage3_lookup := tests/stage3_lookup/lookup_fixture.cpp
$(EXERCISE_TESTS): $(BUILD)/tests/exercise_%_tests: $$(call objects,$$(call exercise_tests,$$*)) \
                       $$(call objects,$$(EXERCISE_HELPERS_$$(call exercise_stage,$$*))) \
                       $(TEST_SUPPORT) $$(call libraries,$$(call exercise_stage,$$*)) $(PCH_OBJECT)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) $(TEST_LDLIBS) -o $@

# The robustness suite: real attacks on a target server program (every stage) in its own
# process, and the fuzzer's corpus replayed through the fuzzer's harness.
ROBUSTNESS := $(BUILD)/tests/robustness_tests $(BUILD)/tests/robustness_target
$(BUILD)/tests/robustness_tests: $(call test_objects,robustness_tests) $(TEST_SUPPORT) \
                                 $(ALL_LIBRARIES) $(PCH_OBJECT)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) $(TEST_LDLIBS) -o $@
$(BUILD)/tests/robustness_target: $(call objects,tests/robustness/target_server.cpp) \
                                  $(ALL_LIBRARIES) $(PCH_OBJECT)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

# make fuzz builds the libFuzzer target with clang (SAN=fuzz); make fuzz-seeds the seed writer.
FUZZ_HARNESS := $(call objects,tests/fuzz/frame_replay.cpp)
$(BUILD)/tests/fuzz_object_server: $(call objects,tests/fuzz/fuzz_object_server.cpp) $(FUZZ_HARNESS) \
                                   $(ALL_LIBRARIES) $(PCH_OBJECT)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) -fsanitize=fuzzer $^ $(LDLIBS) -o $@
$(BUILD)/tests/write_seeds: $(call objects,tests/fuzz/write_seeds.cpp) $(FUZZ_HARNESS) \
                            $(ALL_LIBRARIES) $(PCH_OBJECT)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

# make bench builds this with -O2 and no sanitizers, into build/release.
$(BUILD)/tests/bench: $(call objects,$(wildcard tests/bench/*.cpp)) $(ALL_LIBRARIES) \
                      $(PCH_OBJECT)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

TEST_PROGRAMS := $(STAGE_TESTS) $(ROBUSTNESS)
