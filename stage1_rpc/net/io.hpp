#pragma once
// Moving bytes through a socket. One recv() or send() may move fewer bytes than asked for (a
// short read or write); these two loops are the only place the toolkit deals with that.
#include <cstddef>
#include <span>

#include "stage1_rpc/net/socket.hpp"

namespace rmi {

// Reads until `buffer` is full or the peer closes the connection, and returns how many bytes
// arrived: fewer than asked only at end of stream. Throws Timeout when the socket's receive
// timeout passes with nothing arriving, ConnectionError when the connection fails.
std::size_t read_exact(Socket& socket, std::span<char> buffer);

// Sends every byte. A peer that has gone away is a ConnectionError, never a SIGPIPE.
void write_all(Socket& socket, std::span<const char> bytes);

}  // namespace rmi
