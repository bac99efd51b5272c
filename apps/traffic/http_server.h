// StatusServer: serves StatusEndpoints over HTTP with cpp-httplib, on a
// thread of its own.

#ifndef TRAFFIC_HTTP_SERVER_H_
#define TRAFFIC_HTTP_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "sluice/status.h"
#include "traffic/status_endpoints.h"

namespace httplib {
class Server;
}

namespace traffic {

// Thread-safety: start() and stop() from one thread.
class StatusServer {
 public:
  // `endpoints` must outlive the server.
  explicit StatusServer(const StatusEndpoints& endpoints);
  // Stops the server.
  ~StatusServer();
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;

  // Binds host:port (port 0: any free port) and starts serving. Errors:
  // kUnavailable naming the address when it cannot bind.
  // REQUIRES: not started.
  sluice::Status start(const std::string& host, int port);

  // The bound port (after a successful start()).
  int port() const { return port_; }

  // Stops serving and joins the thread. Idempotent.
  void stop();

 private:
  const StatusEndpoints& endpoints_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace traffic

#endif  // TRAFFIC_HTTP_SERVER_H_
