# The RMI toolkit's one entry point. `make help` lists what it can do.
#
# Tracks: the same tree builds in different ways, each into a folder of its own under build/:
#   solutions  every exercise file taken from solutions/: the reference (make, test, demo)
#   handout    the student's own exercise files (make grade; the only track of a student copy)
#   handout with BASE=solutions and STAGE=n: the student's files for stage n, the references for
#              the stages before it, so a student stuck in stage 1 can go on with stage 2.
# An exercise .cpp is chosen by the pattern rules below. An exercise header is found first in
# $(BUILD)/solved/, which holds links to the solved stages' folders in solutions/: every
# include is written from the repository root ("stage1_rpc/exercises/rmi1a_pack_call.hpp").

.DEFAULT_GOAL := all
ifeq ($(MAKELEVEL)$(filter -j%,$(MAKEFLAGS)),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
MAKEFLAGS += --no-builtin-rules --no-print-directory

STAGES :=
include stage1_rpc/stage.mk
include stage2_rmi/stage.mk
include stage3_lookup/stage.mk

# ---- knobs -------------------------------------------------------------------------------------
# A student copy (make handout) says so in .student-copy: there the handout is the default,
# even once the instructor hands out the solutions of earlier stages into solutions/.
ifeq ($(wildcard solutions),)
TRACK ?= handout
else ifneq ($(wildcard .student-copy),)
TRACK ?= handout
else
TRACK ?= solutions
endif
SAN ?= address
OPT ?= -O0
STAGE ?=
EX ?=
FILTER ?=
BASE ?=

ifeq ($(TRACK),solutions)
SOLVED_STAGES := $(STAGES)
else ifeq ($(BASE),solutions)
ifeq ($(STAGE),)
$(error BASE=solutions needs STAGE=n: your files for stage n, the references before it)
endif
SOLVED_STAGES := $(wordlist 2,$(STAGE),x $(STAGES))
else
SOLVED_STAGES :=
endif
ifneq ($(SOLVED_STAGES),)
ifneq ($(words $(wildcard $(addprefix solutions/,$(SOLVED_STAGES)))),$(words $(SOLVED_STAGES)))
$(error solutions/ lacks $(filter-out $(wildcard $(addprefix solutions/,$(SOLVED_STAGES))),$(addprefix solutions/,$(SOLVED_STAGES))); reference solutions come from the instructor)
endif
endif
TRACK_DIR := $(TRACK)$(if $(filter handout,$(TRACK)),$(if $(SOLVED_STAGES),-base$(words $(SOLVED_STAGES))))

# The compiler: clang++, which compiles these sanitised -O0 builds in about half g++'s time
# (a cold make on 2 cores: 85 s against 123 s; students rebuild often). ThreadSanitizer builds
# use g++: clang's TSan runtime clashes with the tests' own operator new (allocation_probe.cpp).
# CXX=g++ on the command line or in the environment chooses for every build.
ifeq ($(origin CXX),default)
CXX := $(if $(filter thread,$(SAN)),g++,clang++)
endif
CLANG := $(findstring clang,$(CXX))
COMPILER_PACKAGES := $(if $(CLANG),clang libclang-rt-dev,g++)
# Debug information in DWARF 4: valgrind 3.19 gives up on clang 14's DWARF 5.
DEBUG_FLAGS := -g $(if $(CLANG),-gdwarf-4)

ifeq ($(SAN),address)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SAN_SUFFIX :=
else ifeq ($(SAN),thread)
SAN_FLAGS := -fsanitize=thread
SAN_SUFFIX := -tsan
else ifeq ($(SAN),0)
SAN_FLAGS :=
SAN_SUFFIX := -nosan
else ifeq ($(SAN),fuzz)
# For make fuzz (clang only): coverage for libFuzzer on every object, ASan and UBSan.
SAN_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
  -fno-sanitize-recover=undefined
SAN_SUFFIX := -fuzz
else
$(error SAN must be address (the default), thread, 0 or fuzz)
endif
BUILD ?= build/$(TRACK_DIR)$(SAN_SUFFIX)
WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter $(if $(filter 1,$(WERROR)),-Werror)
CXXFLAGS := -std=c++20 $(OPT) $(DEBUG_FLAGS) $(WARNINGS) $(SAN_FLAGS)
CPPFLAGS := $(if $(SOLVED_STAGES),-I$(BUILD)/solved) -I.
LDFLAGS := $(SAN_FLAGS)
LDLIBS := -lboost_serialization -lpthread
Q := $(if $(filter 1,$(V)),,@)

objects = $(patsubst %.cpp,$(BUILD)/obj/%.o,$(1))
stage_library = $(BUILD)/lib/lib$(1).a

# The solved stages' exercise headers: $(BUILD)/solved/<stage> links to solutions/<stage>.
ifneq ($(SOLVED_STAGES),)
$(shell mkdir -p $(BUILD)/solved && for s in $(SOLVED_STAGES); do \
  ln -sfn "$(CURDIR)/solutions/$$s" "$(BUILD)/solved/$$s"; done)
endif

# ---- compiling -------------------------------------------------------------------------------
DEPS_STAMP := build/.packages-checked-$(notdir $(firstword $(CXX)))
$(DEPS_STAMP):
	$(Q)bash tests/support/install_packages.sh $(COMPILER_PACKAGES)
	$(Q)mkdir -p $(@D) && touch $@

# Objects depend on the compiler and flags they were built with: changing OPT or CXX rebuilds.
FLAGS_STAMP := $(BUILD)/.flags
FLAGS_NOW := $(CXX) $(CPPFLAGS) $(CXXFLAGS)
ifneq ($(FLAGS_NOW),$(shell cat $(FLAGS_STAMP) 2>/dev/null))
$(shell mkdir -p $(BUILD) && echo '$(FLAGS_NOW)' > $(FLAGS_STAMP))
endif

# With clang, every compile starts from a precompiled header of the standard, Boost and gtest
# headers (tests/support/precompiled_headers.hpp says why). g++'s version of it did not pay off.
ifneq ($(CLANG),)
PCH := $(BUILD)/obj/precompiled_headers.pch
$(PCH): tests/support/precompiled_headers.hpp $(FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  PCH   $<"
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -x c++-header $< -o $@
endif

define compile
	@mkdir -p $(@D)
	@echo "  CXX   $<"
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) $(if $(PCH),-include-pch $(PCH)) -MMD -MP -c $< -o $@
endef

# A solved stage's exercise .cpp comes from solutions/; every other source from where it is.
define solved_rule
$(BUILD)/obj/$(1)/%.o: solutions/$(1)/%.cpp $(FLAGS_STAMP) $(PCH) | $(DEPS_STAMP)
	$$(compile)
endef
$(foreach s,$(SOLVED_STAGES),$(eval $(call solved_rule,$(s))))
$(BUILD)/obj/%.o: %.cpp $(FLAGS_STAMP) $(PCH) | $(DEPS_STAMP)
	$(compile)

# A stage: its library (everything but the demos), and each demo linked with that library and
# the libraries of the stages it builds on.
define stage_rules
$(1)_OBJECTS := $$(call objects,$$($(1)_SOURCES))
$(call stage_library,$(1)): $$($(1)_OBJECTS)
	@mkdir -p $$(@D)
	@echo "  AR    $$@"
	$(Q)rm -f $$@ && ar rcs $$@ $$^
$(1)_LIBRARIES := $(call stage_library,$(1)) $$(foreach s,$$($(1)_USES),$$(call stage_library,$$(s)))
$(1)_PROGRAMS := $$(addprefix $(BUILD)/$(1)/,$$($(1)_DEMOS))
$(BUILD)/$(1)/%: $(BUILD)/obj/$(1)/demo/%.o $$($(1)_LIBRARIES)
	@mkdir -p $$(@D)
	@echo "  LINK  $$@"
	$(Q)$(CXX) $(LDFLAGS) $$^ $(LDLIBS) -o $$@
.PHONY: $(1)
$(1): $$($(1)_PROGRAMS)
endef
$(foreach s,$(STAGES),$(eval $(call stage_rules,$(s))))
include tests/tests.mk

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- targets -----------------------------------------------------------------------------------
ALL_PROGRAMS := $(foreach s,$(STAGES),$($(s)_PROGRAMS))
SELECTED_STAGES := $(if $(STAGE),$(wordlist 1,$(STAGE),$(STAGES)),$(STAGES))

.PHONY: all programs tests exercise-tests test grade grade-here demo bench fuzz fuzz-seeds valgrind \
        handout todo format clean help
.SECONDARY:  # keep every object, also those only a program needs

all: $(ALL_PROGRAMS) $(ALL_TEST_PROGRAMS)
programs: $(ALL_PROGRAMS)
tests: $(ALL_TEST_PROGRAMS) $(ALL_PROGRAMS)

# Without STAGE, the robustness suite (tests/robustness) runs too.
ROBUSTNESS := $(if $(STAGE),,robustness)
test: $(foreach s,$(SELECTED_STAGES) $(ROBUSTNESS),$(BUILD)/tests/$(s)_tests $($(s)_PROGRAMS)) \
      $(if $(ROBUSTNESS),$(BUILD)/tests/robustness_target)
	$(Q)bash tests/support/run_tests.sh "$(BUILD)" "$(FILTER)" $(SELECTED_STAGES) $(ROBUSTNESS)
	$(Q)$(if $(FILTER),,bash tests/support/check_compile_errors.sh "$(CXX)" "$(CPPFLAGS)" $(SELECTED_STAGES))

GRADE_TRACK ?= handout
grade:
	$(Q)$(MAKE) -s TRACK=$(GRADE_TRACK) SAN=$(SAN) BASE=$(BASE) STAGE=$(STAGE) EX=$(EX) \
	  STRICT=$(STRICT) grade-here

# The table is the result: failing exercises do not fail make, unless STRICT=1 (for CI).
grade-here: $(if $(EX),exercise-tests,tests)
	$(Q)CXX="$(CXX)" bash tests/support/grade.sh "$(BUILD)" "$(STAGE)" "$(EX)" "$(FILTER)" "$(BASE)" \
	  || [ "$(STRICT)" != 1 ]

# Only what EX's tests need (see tests/tests.mk).
exercise-tests:
	$(if $(EX_SOURCES),,$(error no tests for exercise '$(EX)': expected tests/<stage>/$(EX_NAME)_test.cpp))
	$(Q)$(MAKE) -s TRACK=$(TRACK) SAN=$(SAN) BASE=$(BASE) STAGE=$(STAGE) EX=$(EX) $(EX_PROGRAM)

demo: $(foreach s,$(SELECTED_STAGES),$($(s)_PROGRAMS))
	$(Q)bash tests/support/run_demo.sh "$(BUILD)" $(if $(STAGE),$(word $(STAGE),$(STAGES)),$(STAGES))

# BENCH_ARGS=--quick: a tenth of the calls, for a check that it runs (CI).
BENCH_ARGS ?=
bench:
	$(Q)$(MAKE) TRACK=$(TRACK) SAN=0 OPT=-O2 BUILD=build/bench build/bench/tests/bench
	$(Q)build/bench/tests/bench $(BENCH_ARGS)

# The demos once more, every process under valgrind's memcheck (built without sanitizers, which
# valgrind cannot run with). Any invalid access or leak fails the run.
VALGRIND := valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect -q
valgrind:
	$(Q)bash tests/support/install_packages.sh valgrind
	$(Q)$(MAKE) TRACK=$(TRACK) SAN=0 $(if $(STAGE),$(word $(STAGE),$(STAGES)),$(STAGES))
	$(Q)RUN_UNDER="$(VALGRIND)" bash tests/support/run_demo.sh build/$(TRACK_DIR)-nosan \
	  $(if $(STAGE),$(word $(STAGE),$(STAGES)),$(STAGES))

# The fuzzer (tests/fuzz) for FUZZ_SECONDS; what it finds lands in build/fuzz/findings.
FUZZ_SECONDS ?= 60
FUZZ_BUILD := build/$(TRACK_DIR)-fuzz
fuzz:
	$(Q)$(MAKE) TRACK=$(TRACK) SAN=fuzz CXX=clang++ $(FUZZ_BUILD)/tests/fuzz_object_server
	$(Q)bash tests/support/run_fuzzer.sh $(FUZZ_BUILD)/tests/fuzz_object_server $(FUZZ_SECONDS)

fuzz-seeds: $(BUILD)/tests/write_seeds
	$(Q)rm -f tests/fuzz/corpus/* && mkdir -p tests/fuzz/corpus
	$(Q)$(BUILD)/tests/write_seeds tests/fuzz/corpus && ls tests/fuzz/corpus

handout:
	$(Q)bash tests/support/make_handout.sh "$(DEST)"

todo:
	@left=$$(grep -rn --include='*.cpp' --include='*.hpp' 'throw NotImplemented("RMI' $(STAGES) \
	  | sed 's/^\([^:]*\):\([0-9]*\):.*NotImplemented("\(RMI[^"]*\)", "\([^"]*\)".*/\3  \4  (\1:\2)/' | sort); \
	  if [ -n "$$left" ]; then echo "$$left"; else echo "nothing left: every exercise has a body"; fi

format:
	@command -v clang-format >/dev/null || { echo "clang-format is not installed"; exit 1; }
	clang-format -i $$(find $(STAGES) solutions tests -name '*.cpp' -o -name '*.hpp' 2>/dev/null)

clean:
	rm -rf build

help:
	@echo "make                 build everything (solutions track; handout in a student copy)"
	@echo "make test            run every test (STAGE=n: stages 1..n; FILTER=gtest-filter)"
	@echo "make grade           grade your exercise files (STAGE=n, EX=RMI.1a for one exercise;"
	@echo "                     STAGE=n BASE=solutions: stage n on the reference earlier stages)"
	@echo "make demo STAGE=n    run stage n's demo server and client together"
	@echo "make stage1_rpc      build one stage's library and demo programs"
	@echo "make bench           latency and throughput against raw sockets (-O2, no sanitizers)"
	@echo "make fuzz            fuzz a stage 2 server's frame decoding (FUZZ_SECONDS=60; clang)"
	@echo "make valgrind        the demos with every process under valgrind memcheck (STAGE=n)"
	@echo "make handout DEST=d  write a student copy without solutions/ to d"
	@echo "make todo            list the exercise bodies still to write"
	@echo "make format | clean  clang-format every source | remove build/"
	@echo "knobs: SAN=address|thread|0|fuzz  TRACK=solutions|handout  WERROR=1  V=1  CXX=g++"
