# Stage 4, remote references: what this folder builds, for the top-level Makefile.
STAGES += stage4_references
stage4_references_SOURCES := $(filter-out stage4_references/demo/%,$(wildcard stage4_references/*/*.cpp))
stage4_references_USES := stage3_lookup stage2_rmi stage1_rpc
stage4_references_DEMOS := hello_server hello_client chat_server chat_client store_server gc_client
