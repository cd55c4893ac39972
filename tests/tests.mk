# The test programs: one per stage, linked with the shared test support and the stage's
# libraries, plus the benchmark.
TEST_SUPPORT_SOURCES := $(wildcard tests/support/*.cpp)
TEST_LDLIBS := -lgmock -lgtest -lpthread

define test_rules
$(1)_TEST_SOURCES := $$(wildcard tests/$(1)/*.cpp)
$(BUILD)/tests/$(1)_tests: $$(call objects,$$($(1)_TEST_SOURCES) $(TEST_SUPPORT_SOURCES)) $$($(1)_LIBRARIES)
	@mkdir -p $$(@D)
	@echo "  LINK  $$@"
	$(Q)$(CXX) $(LDFLAGS) $$^ $(LDLIBS) $(TEST_LDLIBS) -o $$@
ALL_TEST_PROGRAMS += $(BUILD)/tests/$(1)_tests
endef
$(foreach s,$(STAGES),$(eval $(call test_rules,$(s))))

# make bench builds this with -O2 and no sanitizers, into build/bench.
BENCH_SOURCES := $(wildcard tests/bench/*.cpp)
$(BUILD)/tests/bench: $(call objects,$(BENCH_SOURCES)) $(foreach s,$(STAGES),$($(s)_LIBRARIES))
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
