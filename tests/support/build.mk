# How the Makefile builds: tracks, flags, and the rules that turn sources into objects, objects
# into each stage's library, and libraries into programs. The Makefile sets the knobs and lists
# the stages before including this file; a new stage needs nothing here.
#
# Tracks: the same sources build in different ways, each into a folder of its own under build/:
#   solutions        every exercise file taken from solutions/: the reference (make, test, demo)
#   handout          the student's own exercise files (make grade; the only track of a student copy)
#   handout-baseN    BASE=solutions STAGE=n: the student's files for stage n, the references for
#                    the N stages before it, so a student stuck in stage 1 can go on with stage 2
# each with a suffix for the sanitizers: none (address), -tsan, -nosan, -fuzz.

MAKEFLAGS += --no-builtin-rules --no-print-directory
# Every core, unless make was given -jN.
ifeq ($(MAKELEVEL)$(filter -j%,$(MAKEFLAGS)),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

# ---- the track ---------------------------------------------------------------------------------
# A student copy (make handout) has no solutions/, or says so in .student-copy: there the handout
# is the default, even once the instructor hands out the solutions of earlier stages.
ifeq ($(wildcard solutions),)
TRACK ?= handout
else ifneq ($(wildcard .student-copy),)
TRACK ?= handout
else
TRACK ?= solutions
endif

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
MISSING_SOLUTIONS := $(filter-out $(wildcard $(addprefix solutions/,$(SOLVED_STAGES))),$(addprefix solutions/,$(SOLVED_STAGES)))
ifneq ($(MISSING_SOLUTIONS),)
$(error $(MISSING_SOLUTIONS) missing; reference solutions come from the instructor)
endif
TRACK_DIR := $(TRACK)$(if $(filter handout,$(TRACK)),$(if $(SOLVED_STAGES),-base$(words $(SOLVED_STAGES))))
SELECTED_STAGES := $(if $(STAGE),$(wordlist 1,$(STAGE),$(STAGES)),$(STAGES))

# ---- the compiler and its flags ----------------------------------------------------------------
# clang++ compiles these sanitised -O0 builds in about half g++'s time (students rebuild often).
# ThreadSanitizer builds use g++: clang's TSan runtime clashes with the tests' own operator new
# (allocation_probe.cpp). CXX=g++ on the command line or in the environment chooses for all.
ifeq ($(origin CXX),default)
CXX := $(if $(filter thread,$(SAN)),g++,clang++)
endif
CLANG := $(findstring clang,$(CXX))
# Debug information in DWARF 4: valgrind 3.19 gives up on clang 14's DWARF 5.
DEBUG_FLAGS := -g $(if $(CLANG),-gdwarf-4)

# UBSan without its null and alignment checks: the two share one check at every pointer use and
# every reference bound, a fifth of the compile time of a sanitised file. AddressSanitizer still
# reports a null dereference (as a SEGV, with the stack); a misaligned read, which x86 performs
# anyway, goes unreported (our code reads no wire bytes through a cast). Overflow, shifts,
# bounds, enums, bools, vptr and the rest stay on, and make fuzz keeps them all.
ifeq ($(SAN),address)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize=null,alignment -fno-omit-frame-pointer \
  -fno-sanitize-recover=undefined
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
# Every include is written from the repository root ("stage1_rpc/wire/frame.hpp"); a solved
# stage's exercise headers are found first, in $(BUILD)/solved (see below).
CPPFLAGS := $(if $(SOLVED_STAGES),-I$(BUILD)/solved) -I.
# With clang, link with lld when it is there (make deps installs it): it links a sanitised test
# program in a third of ld's time, and a re-grade relinks a stage's programs.
LDFLAGS := $(SAN_FLAGS) $(if $(CLANG),$(if $(shell command -v ld.lld),-fuse-ld=lld))
LDLIBS := -lboost_serialization -lpthread
Q := $(if $(filter 1,$(V)),,@)

# ---- packages: `make deps` installs them; the first build only checks -------------------------
PACKAGES := make libboost-serialization-dev libgtest-dev pkg-config
COMPILER_PACKAGES := $(if $(CLANG),clang libclang-rt-dev,g++)
DEPS_PACKAGES := $(PACKAGES) clang libclang-rt-dev lld g++
PACKAGES_CHECKED := build/.packages-ok-$(notdir $(lastword $(CXX)))
$(PACKAGES_CHECKED):
	$(Q)bash tests/support/packages.sh check $(PACKAGES) $(COMPILER_PACKAGES)
	@mkdir -p $(@D) && touch $@

# ---- which source each object comes from --------------------------------------------------------
objects = $(patsubst %.cpp,$(BUILD)/obj/%.o,$(1))
# A solved stage takes each exercise file that solutions/ has (same path) from there.
solved = $(if $(filter $(SOLVED_STAGES),$(firstword $(subst /, ,$(1)))),$(or $(wildcard solutions/$(1)),$(1)),$(1))
sources_of = $(foreach file,$($(1)_SOURCES),$(call solved,$(file)))
# Its exercise headers are copied into $(BUILD)/solved, which the compiler searches first.
SOLVED_HEADERS := $(patsubst solutions/%,$(BUILD)/solved/%,$(foreach s,$(SOLVED_STAGES),$(wildcard solutions/$(s)/*/*.hpp)))
$(BUILD)/solved/%.hpp: solutions/%.hpp
	@mkdir -p $(@D)
	$(Q)cp $< $@

# Objects depend on the compiler and flags they were built with: this file changes only when
# those do (make OPT=-O2 after make rebuilds everything; make twice rebuilds nothing).
# The folder is part of it: a precompiled header names the paths it was made from, and a moved
# checkout must rebuild it rather than fail on it.
FLAGS := $(CXX) $(CPPFLAGS) $(CXXFLAGS) $(CURDIR)
$(BUILD)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(FLAGS)' | cmp -s - $@ || echo '$(FLAGS)' > $@
.PHONY: FORCE
FORCE:

# ---- compiling -----------------------------------------------------------------------------------
# Every object starts, with clang, from a precompiled header of the standard, Boost and gtest
# headers (tests/support/precompiled_headers.hpp): parsing them was half of a test file's compile
# time and a third to a half of a library or demo file's. Each file still includes what it uses:
# g++ builds (SAN=thread, which CI runs) use no precompiled header, and would not compile
# otherwise. g++'s version of it did not pay off. Its dependencies include the system headers
# (-MD): an upgraded Boost or GoogleTest rebuilds it, and everything with it.
#
# In the sanitised build (make test, make grade) the precompiled header also carries the code and
# the debug information of what it instantiates, compiled once into an object of its own that
# every program links (-fpch-codegen, -fpch-debuginfo): each file then no longer compiles its own
# copy of every std::string, gtest and Boost function it uses: an eighth to a sixth off a test
# file's compile time, and a sixth of a cold build's CPU time (145 CPU-s, not 175). That object
# holds every inline function of those headers, gtest's too, so every program links gtest, and
# drops what it never calls (--gc-sections, spelled through a variable because a comma would
# end $(if)'s condition): among gtest's are char8_t printers that Debian's libgtest, built for
# C++17, does not define. Installed libraries (make install) are built without it, to stand on
# their own.
PCH := $(if $(CLANG),$(BUILD)/obj/tests/precompiled_headers.pch)
PCH_CODEGEN := $(if $(and $(CLANG),$(filter address,$(SAN))),-fpch-codegen -fpch-debuginfo)
PCH_OBJECT := $(if $(PCH_CODEGEN),$(BUILD)/obj/tests/precompiled_headers.pch.o)
DROP_UNCALLED := -Wl,--gc-sections
LDFLAGS += $(if $(PCH_OBJECT),$(DROP_UNCALLED))
LDLIBS += $(if $(PCH_OBJECT),-lgtest)
compile = $(CXX) $(CPPFLAGS) $(CXXFLAGS) $(if $(PCH),-include-pch $(PCH)) -MMD -MP -c $< -o $@
$(BUILD)/obj/%.o: %.cpp $(BUILD)/flags $(PCH) | $(SOLVED_HEADERS) $(PACKAGES_CHECKED)
	@mkdir -p $(@D)
	@echo "  CXX   $<"
	$(Q)$(compile)
$(PCH): tests/support/precompiled_headers.hpp $(BUILD)/flags | $(PACKAGES_CHECKED)
	@mkdir -p $(@D)
	@echo "  PCH   $<"
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) -fpch-instantiate-templates $(PCH_CODEGEN) -MD -MP \
	  -x c++-header $< -o $@
$(PCH_OBJECT): $(PCH)
	@echo "  CXX   $<"
	$(Q)$(CXX) $(CXXFLAGS) -c $< -o $@

# ---- stages: a library each, and demo programs -------------------------------------------------
.SECONDEXPANSION:
library = $(BUILD)/lib/lib$(1).a
# The libraries a stage's programs link, in link order: its own, then those it builds on.
libraries = $(call library,$(1)) $(foreach s,$($(1)_USES),$(call library,$(s)))
programs_of = $(addprefix $(BUILD)/$(1)/,$($(1)_DEMOS))
stage_of = $(firstword $(subst /, ,$(1)))
LIBRARIES := $(foreach s,$(STAGES),$(call library,$(s)))
# Every library, in link order (a later stage's before the stages it builds on).
reverse = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))
ALL_LIBRARIES := $(strip $(call reverse,$(LIBRARIES)))
PROGRAMS := $(foreach s,$(STAGES),$(call programs_of,$(s)))
SELECTED_PROGRAMS := $(foreach s,$(SELECTED_STAGES),$(call programs_of,$(s)))

# A stage's library: every source of the stage but the demos (stage.mk lists them).
$(LIBRARIES): $(BUILD)/lib/lib%.a: $$(call objects,$$(call sources_of,$$*))
	@mkdir -p $(@D)
	@echo "  AR    $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# A demo: build/<track>/stage1_rpc/calc_server from stage1_rpc/demo/calc_server.cpp.
$(PROGRAMS): $(BUILD)/%: $(BUILD)/obj/$$(call stage_of,$$*)/demo/$$(notdir $$*).o \
                         $$(call libraries,$$(call stage_of,$$*)) $(PCH_OBJECT)
	@mkdir -p $(@D)
	@echo "  LINK  $@"
	$(Q)$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

# make stage1_rpc: one stage's library and demos.
.PHONY: $(STAGES)
$(STAGES): $$(call programs_of,$$@)

.SECONDARY:  # keep every object, also those only a program needs
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
