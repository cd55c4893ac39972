# Stage 2, remote objects: what this folder builds, for the top-level Makefile.
STAGES += stage2_rmi
stage2_rmi_SOURCES := $(filter-out stage2_rmi/demo/%,$(wildcard stage2_rmi/*/*.cpp))
stage2_rmi_USES := stage1_rpc
stage2_rmi_DEMOS := abc_server abc_client calc_server calc_client agent_server agent_client
