#include "traffic/http_server.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>

#include "sluice/log.h"

namespace traffic {
namespace {

void send(const HttpResponse& from, httplib::Response& to) {
  to.status = from.status;
  to.set_content(from.body, from.content_type.c_str());
}

}  // namespace

StatusServer::StatusServer(const StatusEndpoints& endpoints)
    : endpoints_(endpoints), server_(std::make_unique<httplib::Server>()) {
  httplib::Server& s = *server_;
  s.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
    send(endpoints_.health(), res);
  });
  s.Get("/ready", [this](const httplib::Request&, httplib::Response& res) {
    send(endpoints_.ready(), res);
  });
  s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    send(endpoints_.metrics(), res);
  });
  s.Get("/stats", [this](const httplib::Request&, httplib::Response& res) {
    send(endpoints_.stats(), res);
  });
  s.Get(R"(/sensors/([^/]+))",
        [this](const httplib::Request& req, httplib::Response& res) {
          send(endpoints_.sensor(req.matches[1].str()), res);
        });
  s.set_exception_handler([](const httplib::Request& req,
                             httplib::Response& res,
                             const std::exception_ptr& error) {
    std::string what = "internal error";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    sluice::log(sluice::LogLevel::kError, "http",
                "GET " + req.path + " failed: " + what);
    res.status = 500;
    res.set_content(R"({"error":"internal error"})", "application/json");
  });
}

StatusServer::~StatusServer() { stop(); }

sluice::Status StatusServer::start(const std::string& host, int port) {
  if (port == 0) {
    port_ = server_->bind_to_any_port(host.c_str());
  } else {
    port_ = server_->bind_to_port(host.c_str(), port) ? port : -1;
  }
  if (port_ <= 0) {
    return {sluice::StatusCode::kUnavailable,
            "cannot listen on " + host + ":" + std::to_string(port)};
  }
  auto exited = std::make_shared<std::atomic<bool>>(false);
  thread_ = std::thread([this, exited] {
    server_->listen_after_bind();
    exited->store(true);
  });
  // stop() is a no-op until the loop runs: wait for it, so that a stop()
  // right after start() cannot leave the thread serving forever.
  while (!server_->is_running() && !exited->load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return {};
}

void StatusServer::stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace traffic
