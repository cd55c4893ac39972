# Stage 1, plain RPC: what this folder builds, for the top-level Makefile.
STAGES += stage1_rpc
# The library: everything except the demo programs (exercise files included).
stage1_rpc_SOURCES := $(filter-out stage1_rpc/demo/%,$(wildcard stage1_rpc/*/*.cpp))
# Stages whose libraries this one links; the first stage builds on none.
stage1_rpc_USES :=
# Each demo/<name>.cpp becomes the program build/<track>/stage1_rpc/<name>.
stage1_rpc_DEMOS := calc_server calc_client
