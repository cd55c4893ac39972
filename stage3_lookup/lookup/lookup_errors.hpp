#pragma once
// The errors stage 3 adds to the hierarchy (stage1_rpc/core/error.hpp, stage2_rmi/rmi/errors.hpp).
// The lookup service throws them in its methods, and each reaches the caller as itself, through
// the reply tag of RMI.2: this stage registers them as errors that travel (lookup_errors.cpp).
//                                                          See lectures/3-lookup.md#errors
#include "stage1_rpc/core/error.hpp"

namespace rmi {

// No name like that is registered (or its lease has run out).
class NoSuchName : public NotFound {
 public:
  using NotFound::NotFound;
};

// No exporter has ever declared a class of that name: the lecture's ImportError/AttributeError.
class NoSuchClass : public NotFound {
 public:
  using NotFound::NotFound;
};

// Not a C++ class name at all ("demo::", "3D", "a b"): the lecture's ValueError.
class MalformedClassName : public BadArguments {
 public:
  using BadArguments::BadArguments;
};

// Not a name the service accepts (see names.hpp), or more than it keeps.
class BadName : public BadArguments {
 public:
  using BadArguments::BadArguments;
};

// A reference that other hosts could not use: its server listens on loopback (or advertises
// 0.0.0.0), but it was sent from another host. The message says how to advertise a reachable one.
class UnreachableReference : public BadArguments {
 public:
  using BadArguments::BadArguments;
};

// The name is registered by another process, which alone may change or remove it.
class NameTaken : public Error {
 public:
  using Error::Error;
};

// Only the process that registered a name (or a holder of the service's token) may remove it.
class NotOwner : public AccessDenied {
 public:
  using AccessDenied::AccessDenied;
};

// No lookup service answered where we looked: the message says where, and how to start one.
class LookupServiceNotFound : public NotFound {
 public:
  using NotFound::NotFound;
};

}  // namespace rmi
