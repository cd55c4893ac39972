#pragma once
// Moving bytes through a socket. One recv() or send() may move fewer bytes than asked for (a
// short read or write); these two loops are the only place the toolkit deals with that.
// The first wait of a transfer is bounded by the socket's timeout. After a short read or write,
// each further wait is bounded by `deadline` too, so a peer that trickles bytes cannot hold a
// thread longer than the socket's timeout plus the deadline.  See lectures/1-rpc.md#sockets
#include <cstddef>
#include <span>

#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/net/socket.hpp"

namespace rmi {

// Reads until `buffer` is full or the peer closes the connection, and returns how many bytes
// arrived: fewer than asked only at end of stream. Throws Timeout when a wait runs out,
// ConnectionError when the connection fails. Calls deadline.start() once bytes arrive.
std::size_t read_exact(Socket& socket, std::span<char> buffer, Deadline& deadline);
std::size_t read_exact(Socket& socket, std::span<char> buffer);

// Sends every byte. A peer that has gone away is a ConnectionError, never a SIGPIPE.
void write_all(Socket& socket, std::span<const char> bytes, Deadline deadline = Deadline::none());

}  // namespace rmi
