// For tests and benchmarks that run a server on loopback, in-process or as a child process: a port to
// give it, and the tail of its log for a failure message. POSIX and std only (no cpp-httplib), so the
// benchmarks, which link llama.cpp's own copy of it, may include this too. Header-only.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace borough::test {

// A loopback TCP port that nothing listens on at the moment of the call (the kernel's pick for port 0):
// free for a server to bind, or refused for a client. 0 when no socket could be bound. Another process
// may take the port before it is used; tests accept that small race.
[[nodiscard]] inline int free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return 0;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    auto* sa = reinterpret_cast<sockaddr*>(&addr);  // NOLINT: the sockets API takes sockaddr*
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, sa, sizeof addr) == 0 && ::getsockname(fd, sa, &len) == 0) {
        port = ntohs(addr.sin_port);
    }
    ::close(fd);
    return port;
}

// The last `max_chars` characters of the file at `path` (all of it when shorter; "" when unreadable).
[[nodiscard]] inline std::string read_tail(const std::filesystem::path& path, std::size_t max_chars) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string all = ss.str();
    return all.size() > max_chars ? all.substr(all.size() - max_chars) : all;
}

}  // namespace borough::test
