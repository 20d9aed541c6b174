// A past randomized campaign into rows (scenarios/campaign_log.hpp).
#include "scenarios/campaign_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>

#include "scenarios/gzip_lines.hpp"
#include "scenarios/transaction_log.hpp"

namespace xsellsim::scenarios {

namespace {

using Field = LogField;

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

using models::safe_name;

std::string band_name(const SegmentColumn& column, double value) {
  const auto& cuts = column.cuts;
  const auto band = std::lower_bound(cuts.begin(), cuts.end(), value) - cuts.begin();
  auto cut = [](double x) { return fmt::format("{:g}", x); };
  const std::string name = safe_name(column.column);
  if (band == 0) return fmt::format("{}_to_{}", name, cut(cuts.front()));
  if (band == static_cast<std::ptrdiff_t>(cuts.size())) {
    return fmt::format("{}_over_{}", name, cut(cuts.back()));
  }
  return fmt::format("{}_{}_to_{}", name, cut(cuts[static_cast<std::size_t>(band - 1)]),
                     cut(cuts[static_cast<std::size_t>(band)]));
}

class Reader {
 public:
  Reader(std::string file, const CampaignColumns& columns)
      : file_(std::move(file)), columns_(columns) {}

  void header(std::string_view line) {
    const std::vector<Field> fields = split_log_line(line, ',', file_, 1);
    auto find = [&](const std::string& name, const char* what) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].text == name) return i;
      }
      throw InputError(Diagnostic{
          file_, 1, 1, fmt::format("the header has no column `{}` ({})", name, what), ""});
    };
    group_ = find(columns_.group, "--group");
    visit_ = find(columns_.visit, "--visit");
    conversion_ = find(columns_.conversion, "--conversion");
    spend_ = find(columns_.spend, "--spend");
    for (const SegmentColumn& segment : columns_.segments) {
      segments_.push_back(find(segment.column, "--segments"));
    }
    width_ = fields.size();
  }

  void row(std::string_view line, long number) {
    const std::vector<Field> fields = split_log_line(line, ',', file_, number);
    if (fields.size() != width_) {
      throw InputError(Diagnostic{
          file_, number, static_cast<long>(line.size()) + 1,
          fmt::format("the line has {} fields, the header {}", fields.size(), width_), ""});
    }
    models::CampaignRow row;
    const std::string group(fields[group_].text);
    auto [at, added] = groups_.try_emplace(group, data_.groups.size());
    if (added) data_.groups.push_back(group);
    row.group = at->second;
    row.visit = flag(fields[visit_], number, columns_.visit);
    row.conversion = flag(fields[conversion_], number, columns_.conversion);
    const auto spend = parse_number(fields[spend_].text);
    if (!spend || *spend < 0) {
      throw InputError(Diagnostic{file_, number, fields[spend_].column,
                                  fmt::format("'{}' is not an amount >= 0", fields[spend_].text),
                                  columns_.spend});
    }
    row.spend = *spend;
    cell_names_.push_back(cell_of(fields, number));
    data_.rows.push_back(row);
  }

  models::CampaignData finish() {
    if (data_.rows.empty())
      throw InputError(Diagnostic{file_, 0, 0, "the campaign log has no row", ""});
    const auto control = groups_.find(columns_.control);
    if (control == groups_.end()) {
      std::vector<std::string> quoted;
      for (const std::string& g : data_.groups) quoted.push_back("'" + g + "'");
      throw InputError(
          Diagnostic{file_, 0, 0,
                     fmt::format("no row has {} = '{}' (the control, --control); the groups are {}",
                                 columns_.group, columns_.control, fmt::join(quoted, ", ")),
                     columns_.group});
    }
    if (data_.groups.size() < 2) {
      throw InputError(Diagnostic{file_, 0, 0, "the campaign log has only the control group", ""});
    }
    data_.control = control->second;
    std::vector<std::string> cells = cell_names_;
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    data_.cells = cells;
    for (std::size_t i = 0; i < data_.rows.size(); ++i) {
      data_.rows[i].cell = static_cast<std::size_t>(
          std::lower_bound(cells.begin(), cells.end(), cell_names_[i]) - cells.begin());
    }
    return data_;
  }

 private:
  [[nodiscard]] bool flag(const Field& field, long number, const std::string& column) const {
    if (field.text == "1") return true;
    if (field.text == "0") return false;
    throw InputError(Diagnostic{file_, number, field.column,
                                fmt::format("'{}' is not 0 or 1", field.text), column});
  }

  [[nodiscard]] std::string cell_of(const std::vector<Field>& fields, long number) const {
    if (columns_.segments.empty()) return "all";
    std::vector<std::string> parts;
    for (std::size_t s = 0; s < segments_.size(); ++s) {
      const SegmentColumn& segment = columns_.segments[s];
      const Field& field = fields[segments_[s]];
      if (segment.cuts.empty()) {
        parts.push_back(safe_name(field.text));
        continue;
      }
      const auto value = parse_number(field.text);
      if (!value) {
        throw InputError(Diagnostic{file_, number, field.column,
                                    fmt::format("'{}' is not a number (--segments {} cuts it "
                                                "into bands)",
                                                field.text, segment.column),
                                    segment.column});
      }
      parts.push_back(band_name(segment, *value));
    }
    return fmt::format("{}", fmt::join(parts, "_"));
  }

  std::string file_;
  const CampaignColumns& columns_;
  std::size_t group_ = 0, visit_ = 0, conversion_ = 0, spend_ = 0, width_ = 0;
  std::vector<std::size_t> segments_;
  std::map<std::string, std::size_t> groups_;
  std::vector<std::string> cell_names_;
  models::CampaignData data_;
};

}  // namespace

std::optional<SegmentColumn> parse_segment_column(const std::string& text) {
  SegmentColumn column;
  const auto colon = text.find(':');
  column.column = text.substr(0, colon);
  if (column.column.empty()) return std::nullopt;
  if (colon == std::string::npos) return column;
  std::stringstream cuts(text.substr(colon + 1));
  std::string cut;
  while (std::getline(cuts, cut, ',')) {
    const auto value = parse_number(cut);
    if (!value || (!column.cuts.empty() && *value <= column.cuts.back())) return std::nullopt;
    column.cuts.push_back(*value);
  }
  if (column.cuts.empty()) return std::nullopt;
  return column;
}

models::CampaignData read_campaign_log(const std::filesystem::path& path,
                                       const CampaignColumns& columns) {
  const std::string file = path.string();
  GzipLines lines(file, "the campaign log");
  std::string line;
  auto next_line = [&] {
    if (!lines.next(line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // a CRLF file (Hillstrom's)
    return true;
  };
  if (!next_line()) throw InputError(Diagnostic{file, 1, 1, "the campaign log is empty", ""});
  Reader reader(file, columns);
  reader.header(line);
  long number = 1;
  while (next_line()) {
    ++number;
    if (!line.empty()) reader.row(line, number);
  }
  return reader.finish();
}

}  // namespace xsellsim::scenarios
