#include "machine.h"

#include <librdkafka/rdkafka.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace e2e {
namespace {

std::string trim(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t");
  const std::size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

Machine describe_machine(const std::string& broker) {
  Machine m;
  m.broker = broker;
  m.librdkafka = rd_kafka_version_str();
  m.cores = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      m.cpu_model = trim(line.substr(line.find(':') + 1));
      break;
    }
  }
  std::ifstream meminfo("/proc/meminfo");
  for (std::string name; meminfo >> name;) {
    if (name == "MemTotal:") {
      double kb = 0;
      meminfo >> kb;
      m.ram_gb = kb / (1024.0 * 1024.0);
      break;
    }
    meminfo.ignore(1 << 16, '\n');
  }
  utsname u{};
  if (::uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release;
  double load[1] = {0};
  if (::getloadavg(load, 1) == 1) m.load_average = load[0];
  return m;
}

}  // namespace e2e
