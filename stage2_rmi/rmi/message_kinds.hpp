#pragma once
// The frames stage 2 adds to stage 1's (stage1_rpc/wire/message_kind.hpp), with numbers stage 1
// leaves free. They are named for traces and errors in call_header.cpp.
//                                                          See lectures/2-rmi.md#the-wire
#include "stage1_rpc/wire/message_kind.hpp"

namespace rmi {

// An object ID, a method's name and signature, the arguments (call_header.hpp).
inline constexpr MessageKind kObjectCall = MessageKind{3};
// An ObjectCall that wants no reply.
inline constexpr MessageKind kOneWayCall = MessageKind{4};
// A tag (value or exception), then the value or the exception (reply_tag.hpp).
inline constexpr MessageKind kTaggedReply = MessageKind{5};

}  // namespace rmi
