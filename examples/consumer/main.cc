// The smallest program built against an installed sluice: a StatusOr round
// trip through the library. Exits 0 and prints "consumer: ok" when the
// headers and the library agree.
#include <sluice/status.h>

#include <charconv>
#include <iostream>
#include <string>
#include <string_view>

namespace {

// Parses a TCP port number, or says why not.
sluice::StatusOr<int> parse_port(std::string_view text) {
  int port = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size() || port <= 0 ||
      port > 65535) {
    return sluice::invalid_argument("not a port: '" + std::string(text) + "'");
  }
  return port;
}

int fail(std::string_view what) {
  std::cerr << "consumer: FAILED: " << what << '\n';
  return 1;
}

}  // namespace

int main() {
  const sluice::StatusOr<int> port = parse_port("9092");
  if (!port.ok() || *port != 9092) return fail("parse_port(\"9092\")");

  const sluice::StatusOr<int> bad = parse_port("kafka");
  if (bad.ok()) return fail("parse_port(\"kafka\") succeeded");
  if (bad.status().code() != sluice::StatusCode::kInvalidArgument) {
    return fail("wrong code: " + bad.status().to_string());
  }
  try {
    (void)bad.value();
    return fail("value() of an error did not throw");
  } catch (const sluice::StatusError& e) {
    // to_string() and status_code_name() live in libsluice.
    if (std::string_view(e.what()) != "invalid_argument: not a port: 'kafka'") {
      return fail(std::string("unexpected message: ") + e.what());
    }
  }
  std::cout << "consumer: ok (port " << *port << ")\n";
  return 0;
}
