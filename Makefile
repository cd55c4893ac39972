# The RMI toolkit's one entry point: `make help` lists what it does, README.md how to use it.
# This file holds the knobs, the stages and the targets. How sources become objects, libraries
# and programs (tracks, flags, rules) is in tests/support/build.mk; the test programs are in
# tests/tests.mk; what each target runs is in the script it names, under tests/support/.
.DEFAULT_GOAL := all

# ---- knobs: set them on the command line, e.g. make test SAN=0 STAGE=1 ------------------------
#   SAN=address     AddressSanitizer and UBSan (the default); thread; 0 for none; fuzz (make fuzz)
#   STAGE=n         stages 1..n only (make test, grade, demo)
#   EX=RMI.2        make grade of one exercise, with its full test output (RMI.1: RMI.1a, 1b, ...)
#   FILTER=pattern  a GoogleTest filter for make test and make grade, e.g. FILTER='RMI3.*'
#   BASE=solutions  make grade STAGE=n on the reference solutions of the stages before n
#   GRADE_TRACK     what make grade builds: handout (your files, the default) or solutions
#   STRICT=1        make grade fails unless every exercise passes (for CI)
#   WERROR=1        warnings are errors (CI);  V=1  shows every command;  OPT=-O2  optimises
#   TRACK           solutions or handout: whose exercise files make, test and demo build
#                   (solutions here; handout in a student copy)
#   CXX=g++         the compiler (clang++ by default; g++ for SAN=thread)
#   PREFIX=dir      where make install puts libraries, headers and pkg-config files
SAN ?= address
STAGE ?=
EX ?=
FILTER ?=
BASE ?=
GRADE_TRACK ?= handout
STRICT ?=
WERROR ?=
V ?=
OPT ?= -O0
PREFIX ?= /usr/local

# ---- the stages, in order: each stage.mk lists its sources, demos and the stages it uses -------
STAGES :=
include stage1_rpc/stage.mk
include stage2_rmi/stage.mk
include stage3_lookup/stage.mk
include stage4_references/stage.mk

include tests/support/build.mk
include tests/tests.mk

# ---- targets ---------------------------------------------------------------------------------
.PHONY: all deps programs tests test grade grade-here demo bench fuzz fuzz-seeds valgrind install \
        handout todo format clean help

# Every stage's library and demos, and every test program.
all: $(PROGRAMS) $(TEST_PROGRAMS)
programs: $(PROGRAMS)
tests: all

# The Debian packages the build needs (the first build only checks that they are there).
deps:
	$(Q)bash tests/support/packages.sh install $(DEPS_PACKAGES)

# Every test of the selected stages; without STAGE also the robustness suite and the check that
# misuse gives a readable compile error. The test programs are listed first: each has one large
# file to compile (tests/tests.mk), and begun early, the demos' small files fill in beside it.
COMPILE_CHECK_FLAGS := $(CPPFLAGS) $(if $(PCH),$(CXXFLAGS) -include-pch $(PCH))
test: $(SELECTED_TESTS) $(if $(STAGE),,$(ROBUSTNESS)) $(SELECTED_PROGRAMS)
	$(Q)bash tests/support/run_tests.sh "$(BUILD)" "$(FILTER)" $(SELECTED_STAGES) $(if $(STAGE),,robustness) \
	  $(if $(FILTER),,--compile-errors "$(CXX)" "$(COMPILE_CHECK_FLAGS)")

# Your exercises, graded in a table. grade.sh builds what it can (a file that does not compile
# stops nothing else, and the table says which it is), then runs each exercise's tests.
# Failing exercises do not fail make, unless STRICT=1.
grade:
	$(Q)$(MAKE) -s TRACK=$(GRADE_TRACK) grade-here
grade-here:
	$(if $(EX),$(if $(EX_PROGRAM),,$(error no tests for exercise '$(EX)': expected tests/<stage>/$(EX_NAME)_test.cpp)))
	$(Q)GRADE_MAKE="$(MAKE) -k" bash tests/support/grade.sh "$(BUILD)" "$(STAGE)" "$(EX)" "$(FILTER)" \
	  "$(BASE)" $(if $(EX),$(EX_PROGRAM),$(SELECTED_TESTS) $(SELECTED_PROGRAMS)) || [ "$(STRICT)" != 1 ]

# Each selected stage's demo: its servers and clients, run together.
demo: $(SELECTED_PROGRAMS)
	$(Q)bash tests/support/run_demo.sh "$(BUILD)" $(if $(STAGE),$(lastword $(SELECTED_STAGES)),$(STAGES))

# Latency and throughput against raw sockets, built with -O2 and no sanitizers.
# BENCH_ARGS=--quick: a tenth of the calls, to check that it runs (CI).
bench:
	$(Q)$(MAKE) SAN=0 OPT=-O2 BUILD=build/release build/release/tests/bench
	$(Q)build/release/tests/bench $(BENCH_ARGS)

# libFuzzer on a stage 2 server's frame handling for FUZZ_SECONDS (clang); findings go to
# build/fuzz/findings. make fuzz-seeds rewrites the seed corpus in tests/fuzz/corpus.
FUZZ_SECONDS ?= 60
fuzz:
	$(Q)$(MAKE) SAN=fuzz CXX=clang++ build/$(TRACK_DIR)-fuzz/tests/fuzz_object_server
	$(Q)bash tests/support/run_fuzzer.sh build/$(TRACK_DIR)-fuzz/tests/fuzz_object_server $(FUZZ_SECONDS)
fuzz-seeds: $(BUILD)/tests/write_seeds
	$(Q)rm -f tests/fuzz/corpus/* && mkdir -p tests/fuzz/corpus
	$(Q)$(BUILD)/tests/write_seeds tests/fuzz/corpus && ls tests/fuzz/corpus

# The demos once more, every process under valgrind's memcheck (built without sanitizers,
# which valgrind cannot run with). Any invalid access or leak fails the run.
VALGRIND := valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect -q
valgrind:
	$(Q)bash tests/support/packages.sh install valgrind
	$(Q)$(MAKE) SAN=0 $(SELECTED_STAGES)
	$(Q)RUN_UNDER="$(VALGRIND)" bash tests/support/run_demo.sh build/$(TRACK_DIR)-nosan \
	  $(if $(STAGE),$(lastword $(SELECTED_STAGES)),$(STAGES))

# Each stage's library (-O2, no sanitizers), headers and pkg-config file rmi-stageN.pc, for
# programs outside this tree (README.md shows one).
install:
	$(Q)$(MAKE) SAN=0 OPT=-O2 BUILD=build/release $(patsubst $(BUILD)/%,build/release/%,$(LIBRARIES))
	$(Q)$(foreach s,$(STAGES),bash tests/support/install.sh "$(PREFIX)" build/release $(s) $($(s)_USES) &&) true

handout:
	$(Q)bash tests/support/make_handout.sh "$(DEST)"

# The exercise bodies still to write: every "not implemented" left in the stages.
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
	@echo "make deps            install the packages the build needs (Debian; as root or with sudo)"
	@echo "make                 build everything (solutions track; handout in a student copy)"
	@echo "make test            run every test (STAGE=n: stages 1..n; FILTER=gtest-filter)"
	@echo "make grade           grade your exercise files (STAGE=n, EX=RMI.1a for one exercise;"
	@echo "                     STAGE=n BASE=solutions: stage n on the reference earlier stages)"
	@echo "make demo STAGE=n    run stage n's demo servers and clients together"
	@echo "make stage1_rpc      build one stage's library and demo programs"
	@echo "make bench           latency and throughput against raw sockets (-O2, no sanitizers)"
	@echo "make fuzz            fuzz a stage 2 server and a lookup service (FUZZ_SECONDS=60; clang)"
	@echo "make valgrind        the demos with every process under valgrind memcheck (STAGE=n)"
	@echo "make install         libraries, headers, pkg-config files into PREFIX=$(PREFIX)"
	@echo "make handout DEST=d  write a student copy without solutions/ to d"
	@echo "make todo            list the exercise bodies still to write"
	@echo "make format | clean  clang-format every source | remove build/"
	@echo "knobs: SAN=address|thread|0|fuzz  TRACK=solutions|handout  WERROR=1  V=1  CXX=g++"
