#pragma once
// Boost's loaders for vector, deque, list and the unordered containers set memory aside for
// every element a payload claims (resize, reserve, rehash) before reading any of them. InArchive
// refuses a count larger than the bytes left, but a claimed element costs its in-memory size,
// which can be 30 or 40 times the one byte per element that check allows. These overloads weigh
// each claim by the element's size and charge it to the payload's budget (InArchive::claim), so
// no payload makes the receiver set aside more than kClaimFactor times its own size.
//
// They are found through InArchive by argument-dependent lookup and preferred to Boost's because
// they are more specialised; each checks, then hands over to Boost's own loader.
// Included by codec.hpp.                                  See lectures/1-rpc.md#marshalling
#include <deque>
#include <list>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rmi {

template <class T, class A>
void load(InArchive& in, std::vector<T, A>& values, const unsigned version) {
  in.claim(in.peek_count(0), sizeof(T));
  boost::serialization::load(in, values, version);
}

template <class A>
void load(InArchive& in, std::vector<bool, A>& values, const unsigned version) {
  in.claim(in.peek_count(0), 1);
  boost::serialization::load(in, values, version);
}

template <class T, class A>
void load(InArchive& in, std::deque<T, A>& values, const unsigned version) {
  in.claim(in.peek_count(0), sizeof(T));
  boost::serialization::load(in, values, version);
}

template <class T, class A>
void load(InArchive& in, std::list<T, A>& values, const unsigned version) {
  in.claim(in.peek_count(0), sizeof(T) + 2 * sizeof(void*));  // a node: the value, two links
  boost::serialization::load(in, values, version);
}

// An unordered container is sent as its element count, then its bucket count: both are claims.
template <class K, class V, class H, class E, class A>
void load(InArchive& in, std::unordered_map<K, V, H, E, A>& values, const unsigned version) {
  in.claim(in.peek_count(1), sizeof(void*));
  boost::serialization::load(in, values, version);
}

template <class T, class H, class E, class A>
void load(InArchive& in, std::unordered_set<T, H, E, A>& values, const unsigned version) {
  in.claim(in.peek_count(1), sizeof(void*));
  boost::serialization::load(in, values, version);
}

}  // namespace rmi
