#pragma once
// Moving bytes through a socket. One recv() or send() may move fewer bytes than asked for (a
// short read or write); these loops are the only place the toolkit deals with that. No wait
// outlasts the deadline, however the peer chunks its bytes: each recv() may block for only what
// the deadline has left when it starts (the socket's receive timeout, set to that), and a send()
// that cannot go on at once waits in poll() for the same.
//                                                              See lectures/1-rpc.md#sockets
#include <cstddef>
#include <span>

#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/net/socket.hpp"

namespace rmi {

// Reads what has arrived, at least one byte, into `buffer`: waits for it if nothing has yet.
// Returns 0 at end of stream. Throws Timeout when the deadline passes first, ConnectionError
// when the connection fails. Calls deadline.start() once bytes arrive.
std::size_t read_some(Socket& socket, std::span<char> buffer, Deadline& deadline);

// Reads until `buffer` is full or the peer closes the connection, and returns how many bytes
// arrived: fewer than asked only at end of stream. Throws as read_some does.
std::size_t read_exact(Socket& socket, std::span<char> buffer, Deadline& deadline);

// Sends every byte before the deadline (a `within` deadline starts counting now). A peer that has
// gone away is a ConnectionError, never a SIGPIPE; one that does not read is a Timeout.
void write_all(Socket& socket, std::span<const char> bytes, Deadline deadline);

// True if the peer has closed its side (or reset the connection), without waiting and without
// taking any byte that is waiting to be read.
bool peer_has_closed(const Socket& socket);

// True if the peer has not closed and no byte is waiting to be read, without waiting: a kept
// connection fit for the next call, whose reply will be the first bytes to come.
bool is_quiet(const Socket& socket);

}  // namespace rmi
