// An email-events log into histories (scenarios/email_log.hpp).
#include "scenarios/email_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "models/life_log.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/gzip_lines.hpp"
#include "scenarios/transaction_log.hpp"

namespace xsellsim::scenarios {

namespace {

using Field = LogField;

struct Columns {
  std::size_t customer = 0, time = 0, sequence = 0, step = 0, event = 0;
  std::optional<std::size_t> product;
};

Columns columns_of(const std::vector<Field>& header, const std::string& file) {
  auto find = [&](std::string_view name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i].text == name) return i;
    }
    return std::nullopt;
  };
  std::array<std::size_t, 5> required{};
  const std::array<std::string_view, 5> names{"customer", "time", "sequence", "step", "event"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto at = find(names[i]);
    if (!at) {
      throw InputError(Diagnostic{
          file, 1, 1,
          fmt::format("the header has no column `{}` (an email log needs customer, time, "
                      "sequence, step and event)",
                      names[i]),
          ""});
    }
    required[i] = *at;
  }
  return {required[0], required[1], required[2], required[3], required[4], find("product")};
}

// Seconds since 1970-01-01 of YYYY-MM-DD[ HH:MM[:SS]].
std::optional<sim::Time> parse_time(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  const std::optional<long> days = parse_date(text.substr(0, 10), "%Y-%m-%d");
  if (!days) return std::nullopt;
  sim::Time seconds = *days * sim::kDay;
  std::string_view rest = text.substr(10);
  if (rest.empty()) return seconds;
  int h = 0, m = 0, s = 0;
  const std::string clock(rest);
  const int read = std::sscanf(clock.c_str(), " %2d:%2d:%2d", &h, &m, &s);
  if (read < 2 || h > 23 || m > 59 || s > 59) return std::nullopt;
  return seconds + sim::Time{h} * sim::kHour + sim::Time{m} * sim::kMinute + s;
}

}  // namespace

EmailLog read_email_log(const std::filesystem::path& path) {
  const std::string file = path.string();
  GzipLines reader(file, "the email log");
  std::string line;
  auto next_line = [&] {
    if (!reader.next(line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // a CRLF file
    return true;
  };
  if (!next_line()) throw InputError(Diagnostic{file, 1, 1, "the email log is empty", ""});
  const Columns columns = columns_of(split_log_line(line, ',', file, 1), file);
  EmailLog log;
  std::unordered_map<std::string, std::size_t> customers;  // name -> history
  std::map<std::string, std::uint32_t> products;
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> emails;  // -> history, email
  long number = 1;
  while (next_line()) {
    ++number;
    if (line.empty()) continue;
    const std::vector<Field> fields = split_log_line(line, ',', file, number);
    auto field = [&](std::size_t column) -> const Field& {
      if (column >= fields.size()) {
        throw InputError(
            Diagnostic{file, number, static_cast<long>(line.size()) + 1,
                       fmt::format("the line has {} fields, the header more", fields.size()), ""});
      }
      return fields[column];
    };
    const Field& event = field(columns.event);
    const auto& names = models::kEmailEventNames;
    const auto kind = std::find(names.begin(), names.end(), event.text) - names.begin();
    if (kind == static_cast<std::ptrdiff_t>(names.size())) {
      throw InputError(Diagnostic{file, number, event.column,
                                  fmt::format("'{}' is not an email event (send, deliver, open, "
                                              "click, order, unsubscribe, complaint)",
                                              event.text),
                                  "event"});
    }
    const auto kind_of = static_cast<models::EmailEventKind>(kind);
    if (kind_of == models::EmailEventKind::kOrder) continue;
    const Field& when = field(columns.time);
    const std::optional<sim::Time> time = parse_time(when.text);
    if (!time) {
      throw InputError(
          Diagnostic{file, number, when.column,
                     fmt::format("'{}' is not a time YYYY-MM-DD[ HH:MM:SS]", when.text), "time"});
    }
    const std::string customer(field(columns.customer).text);
    const std::string key = fmt::format("{},{},{},{}", customer, when.text,
                                        field(columns.sequence).text, field(columns.step).text);
    ++log.rows;
    if (kind_of == models::EmailEventKind::kSend) {
      const auto [it, added] = customers.try_emplace(customer, log.histories.size());
      if (added) log.histories.emplace_back();
      const std::string lead = columns.product ? std::string(field(*columns.product).text) : "";
      const auto product = products.try_emplace(lead, products.size()).first->second;
      log.histories[it->second].push_back({*time, product});
      emails[key] = {it->second, log.histories[it->second].size() - 1};
      continue;
    }
    const auto email = emails.find(key);
    if (email == emails.end()) {
      throw InputError(Diagnostic{file, number, event.column,
                                  fmt::format("a '{}' without its email's send (the same customer, "
                                              "time, sequence and step) on an earlier line",
                                              event.text),
                                  "event"});
    }
    models::SentEmail& sent = log.histories[email->second.first][email->second.second];
    sent.delivered |= kind_of == models::EmailEventKind::kDeliver;
    sent.opened |= kind_of == models::EmailEventKind::kOpen;
    sent.clicked |= kind_of == models::EmailEventKind::kClick;
    sent.unsubscribed |= kind_of == models::EmailEventKind::kUnsubscribe;
    sent.complained |= kind_of == models::EmailEventKind::kComplaint;
  }
  for (models::EmailHistory& history : log.histories) {
    std::stable_sort(
        history.begin(), history.end(),
        [](const models::SentEmail& a, const models::SentEmail& b) { return a.time < b.time; });
  }
  if (log.histories.empty()) {
    throw InputError(Diagnostic{file, 0, 0, "the email log has no send", ""});
  }
  return log;
}

}  // namespace xsellsim::scenarios
