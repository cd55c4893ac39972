# The RMI toolkit's one entry point. `make help` lists what it can do.
#
# Two tracks build from the same tree into separate folders:
#   solutions  the reference: each exercise file is taken from solutions/ (make, test, demo)
#   handout    the student's own exercise files (make grade; the only track of a student copy)
# An exercise .cpp is chosen by the pattern rules below; an exercise header is found first in
# solutions/ because the solutions track puts -Isolutions before -I. (every include is written
# from the repository root, e.g. "stage1_rpc/exercises/rmi1a_pack_call.hpp").

.DEFAULT_GOAL := all
ifeq ($(MAKELEVEL)$(filter -j%,$(MAKEFLAGS)),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
MAKEFLAGS += --no-builtin-rules --no-print-directory

# ---- knobs -------------------------------------------------------------------------------------
ifneq ($(wildcard solutions),)
TRACK ?= solutions
else
TRACK ?= handout
endif
SAN ?= address
OPT ?= -O0  # quick rebuilds; make bench uses -O2
STAGE ?=
EX ?=
FILTER ?=

ifeq ($(SAN),address)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SAN_SUFFIX :=
else ifeq ($(SAN),thread)
SAN_FLAGS := -fsanitize=thread
SAN_SUFFIX := -tsan
else ifeq ($(SAN),0)
SAN_FLAGS :=
SAN_SUFFIX := -nosan
else
$(error SAN must be address (the default), thread or 0)
endif
ifeq ($(TRACK),solutions)
ifeq ($(wildcard solutions),)
$(error this copy has no solutions/: only TRACK=handout exists here)
endif
endif

BUILD ?= build/$(TRACK)$(SAN_SUFFIX)
WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter $(if $(filter 1,$(WERROR)),-Werror)
CXXFLAGS := -std=c++20 $(OPT) -g $(WARNINGS) $(SAN_FLAGS)
CPPFLAGS := $(if $(filter solutions,$(TRACK)),-Isolutions) -I.
LDFLAGS := $(SAN_FLAGS)
LDLIBS := -lboost_serialization -lpthread
Q := $(if $(filter 1,$(V)),,@)

# ---- what there is to build --------------------------------------------------------------------
STAGES :=
include stage1_rpc/stage.mk

objects = $(patsubst %.cpp,$(BUILD)/obj/%.o,$(1))
stage_library = $(BUILD)/lib/lib$(1).a

# ---- compiling: the solutions track prefers an exercise file's twin in solutions/ --------------
DEPS_STAMP := build/.packages-checked
$(DEPS_STAMP):
	$(Q)bash tests/support/install_packages.sh
	$(Q)mkdir -p $(@D) && touch $@

# Objects depend on the compiler and flags they were built with: changing OPT or CXX rebuilds.
FLAGS_STAMP := $(BUILD)/.flags
FLAGS_NOW := $(CXX) $(CPPFLAGS) $(CXXFLAGS)
ifneq ($(FLAGS_NOW),$(shell cat $(FLAGS_STAMP) 2>/dev/null))
$(shell mkdir -p $(BUILD) && echo '$(FLAGS_NOW)' > $(FLAGS_STAMP))
endif

define compile
	@mkdir -p $(@D)
	@echo "  CXX   $<"
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@
endef

ifeq ($(TRACK),solutions)
$(BUILD)/obj/%.o: solutions/%.cpp $(FLAGS_STAMP) | $(DEPS_STAMP)
	$(compile)
endif
$(BUILD)/obj/%.o: %.cpp $(FLAGS_STAMP) | $(DEPS_STAMP)
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

.PHONY: all programs tests exercise-tests test grade demo bench handout todo format clean help
.SECONDARY:  # keep every object, also those only a program needs

all: $(ALL_PROGRAMS) $(ALL_TEST_PROGRAMS)
programs: $(ALL_PROGRAMS)
tests: $(ALL_TEST_PROGRAMS) $(ALL_PROGRAMS)

test: $(foreach s,$(SELECTED_STAGES),$(BUILD)/tests/$(s)_tests $($(s)_PROGRAMS))
	$(Q)bash tests/support/run_tests.sh "$(BUILD)" "$(FILTER)" $(SELECTED_STAGES)
	$(Q)$(if $(FILTER),,bash tests/support/check_compile_errors.sh "$(CXX)" "$(CPPFLAGS)" $(SELECTED_STAGES))

GRADE_TRACK ?= handout
grade:
ifeq ($(EX),)
	$(Q)$(MAKE) -s TRACK=$(GRADE_TRACK) SAN=$(SAN) tests
else
	$(Q)$(MAKE) -s TRACK=$(GRADE_TRACK) SAN=$(SAN) EX=$(EX) exercise-tests
endif
	$(Q)bash tests/support/grade.sh "build/$(GRADE_TRACK)$(SAN_SUFFIX)" "$(STAGE)" "$(EX)" "$(FILTER)"

# Only what EX's tests need (see tests/tests.mk).
exercise-tests:
	$(if $(EX_SOURCES),,$(error no tests for exercise '$(EX)': expected tests/<stage>/$(EX_NAME)_test.cpp))
	$(Q)$(MAKE) -s TRACK=$(TRACK) SAN=$(SAN) EX=$(EX) $(EX_PROGRAM)

demo: $(foreach s,$(SELECTED_STAGES),$($(s)_PROGRAMS))
	$(Q)bash tests/support/run_demo.sh "$(BUILD)" $(if $(STAGE),$(word $(STAGE),$(STAGES)),$(STAGES))

bench:
	$(Q)$(MAKE) TRACK=$(TRACK) SAN=0 OPT=-O2 BUILD=build/bench build/bench/tests/bench
	$(Q)build/bench/tests/bench

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
	@echo "make grade           grade your exercise files (STAGE=n, EX=RMI.1a for one exercise)"
	@echo "make demo STAGE=n    run stage n's demo server and client together"
	@echo "make stage1_rpc      build one stage's library and demo programs"
	@echo "make bench           latency and throughput against raw sockets (-O2, no sanitizers)"
	@echo "make handout DEST=d  write a student copy without solutions/ to d"
	@echo "make todo            list the exercise bodies still to write"
	@echo "make format | clean  clang-format every source | remove build/"
	@echo "knobs: SAN=address|thread|0  TRACK=solutions|handout  WERROR=1  V=1  CXX=clang++"
