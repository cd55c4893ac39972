# Stage 3, the lookup service: what this folder builds, for the top-level Makefile.
STAGES += stage3_lookup
stage3_lookup_SOURCES := $(filter-out stage3_lookup/demo/%,$(wildcard stage3_lookup/*/*.cpp))
stage3_lookup_USES := stage2_rmi stage1_rpc
stage3_lookup_DEMOS := lookup_server lookup_tool subclass_server by_class_client \
  cluster_node cluster_client export_client find_client
