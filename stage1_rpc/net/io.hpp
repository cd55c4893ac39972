#pragma once
// Moving bytes through a socket. One recv() or send() may move fewer bytes than asked for (a
// short read or write); these loops are the only place the toolkit deals with that. They never
// block in recv() or send() themselves: each waits in poll() for as long as the deadline
// allows, so no wait can outlast it, however the peer chunks its bytes.
//                                                              See lectures/1-rpc.md#sockets
#include <cstddef>
#include <span>

#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/net/socket.hpp"

namespace rmi {

// Reads what has arrived, at least one byte, into `buffer`: waits for it if nothing has yet.
// Returns 0 at end of stream. Throws Timeout when the deadline passes first, ConnectionError
// when the connection fails. Calls deadline.start() once bytes arrive.
// It tries recv() first and waits in poll() only when nothing is there. With `wait_first` it
// waits first: for bytes that cannot be there yet (a reply to a call sent a moment ago), a recv()
// that finds nothing would be one system call for nothing.
std::size_t read_some(Socket& socket, std::span<char> buffer, Deadline& deadline,
                      bool wait_first = false);

// Reads until `buffer` is full or the peer closes the connection, and returns how many bytes
// arrived: fewer than asked only at end of stream. Throws as read_some does.
std::size_t read_exact(Socket& socket, std::span<char> buffer, Deadline& deadline);

// Sends every byte before the deadline (a `within` deadline starts counting now). A peer that has
// gone away is a ConnectionError, never a SIGPIPE; one that does not read is a Timeout.
void write_all(Socket& socket, std::span<const char> bytes, Deadline deadline);

// True if the peer has closed its side (or reset the connection), without waiting and without
// taking any byte that is waiting to be read.
bool peer_has_closed(const Socket& socket);

}  // namespace rmi
