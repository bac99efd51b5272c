#include "proc_stats.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace e2e {
namespace {

// utime + stime (fields 14 and 15 of /proc/<pid>/stat) in seconds.
std::optional<double> cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  // The command name (field 2) may hold spaces: skip past its ')'.
  const std::size_t close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace

std::optional<ProcSample> sample_process(pid_t pid) {
  const std::optional<double> cpu = cpu_seconds(pid);
  if (!cpu) return std::nullopt;
  ProcSample s;
  s.cpu_seconds = *cpu;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string name;
  while (in >> name) {
    if (name == "VmRSS:" || name == "VmHWM:") {
      double kb = 0;
      in >> kb;
      (name == "VmRSS:" ? s.rss_mb : s.hwm_mb) = kb / 1024.0;
    }
    in.ignore(1 << 16, '\n');
  }
  return s;
}

std::optional<MachineCpu> sample_machine_cpu() {
  std::ifstream in("/proc/stat");
  std::string label;
  if (!(in >> label) || label != "cpu") return std::nullopt;
  // user nice system idle iowait irq softirq steal (guest time is already
  // in user and nice).
  unsigned long long ticks[8] = {};
  for (unsigned long long& t : ticks) {
    if (!(in >> t)) return std::nullopt;
  }
  const double hz = static_cast<double>(::sysconf(_SC_CLK_TCK));
  MachineCpu m;
  for (int i = 0; i < 8; ++i) {
    m.total_seconds += static_cast<double>(ticks[i]) / hz;
    if (i != 3 && i != 4) m.busy_seconds += static_cast<double>(ticks[i]) / hz;
  }
  return m;
}

std::optional<double> busy_percent(const MachineCpu& from,
                                   const MachineCpu& to) {
  const double total = to.total_seconds - from.total_seconds;
  if (total <= 0) return std::nullopt;
  return 100.0 * (to.busy_seconds - from.busy_seconds) / total;
}

}  // namespace e2e
