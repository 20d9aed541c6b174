#include "scenarios/order_log.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <vector>

#include "scenarios/gzip_lines.hpp"
#include "scenarios/table_reader.hpp"
#include "scenarios/transaction_log.hpp"

namespace xsellsim::scenarios {

namespace {

struct Column {
  const char* option;
  const std::string* spec;
  std::size_t index = 0;  // 0-based
};

bool is_number(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isdigit(c) != 0; });
}

// A column given by number is checked against the first line's width; one given by name is
// looked up in the header.
void resolve(Column& column, const std::vector<LogField>& first, const std::string& file) {
  if (is_number(*column.spec)) {
    const long number = std::stol(*column.spec);
    if (number < 1 || number > static_cast<long>(first.size())) {
      throw InputError(Diagnostic{
          column.option, 1, 1,
          fmt::format("column {} is not there: {} has {} columns", number, file, first.size()),
          ""});
    }
    column.index = static_cast<std::size_t>(number - 1);
    return;
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (first[i].text == *column.spec) {
      column.index = i;
      return;
    }
    names.push_back(first[i].text);
  }
  throw InputError(Diagnostic{
      column.option, 1, 1,
      fmt::format("no column '{}' in the header of {} (its columns are {}){}", *column.spec, file,
                  fmt::join(names, ", "), suggestion(*column.spec, names)),
      ""});
}

// A finite number ("6", "-1", "+2.55", "1e3"); nullopt for anything else, "nan" and "inf" too.
std::optional<double> number_of(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

int index_of(std::unordered_map<std::string, int>& indices, std::vector<std::string>& names,
             const std::string& name) {
  auto [it, added] = indices.try_emplace(name, static_cast<int>(names.size()));
  if (added) names.push_back(name);
  return it->second;
}

class OrderLogReader {
 public:
  explicit OrderLogReader(const OrderLogOptions& options)
      : options_(options),
        file_(options.file.string()),
        columns_{Column{"--customer", &options.customer}, Column{"--order", &options.order},
                 Column{"--time", &options.time},         Column{"--product", &options.product},
                 Column{"--quantity", &options.quantity}, Column{"--price", &options.price}} {}

  OrderLog read() {
    GzipLines reader(file_, "the order log");
    std::string line;
    long number = 0;
    bool first = true;
    while (reader.next(line)) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (first) {
        first = false;
        if (start(line, number)) continue;  // a header
      }
      read_row(split_log_line(line, separator_, file_, number), number);
    }
    if (first) throw InputError(Diagnostic{file_, 0, 0, "the order log is empty", ""});
    return std::move(log_);
  }

 private:
  enum Role : std::size_t { kCustomer, kOrder, kTime, kProduct, kQuantity, kPrice };

  // Reads the first line: the separator, the columns. True when it is a header: when a column is
  // named, or (all given by number) when its time field holds no digit.
  bool start(const std::string& line, long number) {
    separator_ = log_separator(line);
    const auto fields = split_log_line(line, separator_, file_, number);
    bool named = false;
    for (Column& c : columns_) {
      named = named || !is_number(*c.spec);
      resolve(c, fields, file_);
    }
    if (!options_.description.empty()) {
      named = named || !is_number(options_.description);
      resolve(description_, fields, file_);
    }
    const std::string& time = fields[columns_[kTime].index].text;
    return named || time.find_first_of("0123456789") == std::string::npos;
  }

  [[nodiscard]] const LogField& field(const std::vector<LogField>& fields, Role role,
                                      long number) const {
    const std::size_t index = columns_[role].index;
    if (index >= fields.size()) {
      throw InputError(
          Diagnostic{file_, number, 1,
                     fmt::format("expected at least {} columns, found {} ({} is column {})",
                                 index + 1, fields.size(), columns_[role].option, index + 1),
                     ""});
    }
    return fields[index];
  }

  double number_at(const std::vector<LogField>& fields, Role role, long number) const {
    const LogField& f = field(fields, role, number);
    auto value = number_of(f.text);
    if (!value) {
      throw InputError(Diagnostic{file_, number, f.column,
                                  fmt::format("'{}' is not a number ({})", f.text,
                                              std::string_view(columns_[role].option).substr(2)),
                                  ""});
    }
    return *value;
  }

  void read_row(const std::vector<LogField>& fields, long number) {
    ++log_.rows;
    const LogField& time = field(fields, kTime, number);
    auto day = parse_date(time.text, options_.time_format);
    if (!day) {
      throw InputError(Diagnostic{file_, number, time.column,
                                  fmt::format("'{}' is not a time in the format {} (a time of day "
                                              "may follow the date)",
                                              time.text, options_.time_format),
                                  ""});
    }
    double quantity = number_at(fields, kQuantity, number);
    const double price = number_at(fields, kPrice, number);
    const std::string& customer = field(fields, kCustomer, number).text;
    const std::string& product = field(fields, kProduct, number).text;
    const std::string& order = field(fields, kOrder, number).text;
    if (customer.empty()) return void(++log_.without_customer);
    if (!is_product_code(product, options_.product_codes)) return void(++log_.non_products);
    const bool cancelled =
        !options_.cancel_prefix.empty() && order.starts_with(options_.cancel_prefix);
    if (cancelled || quantity < 0) {
      quantity = -std::abs(quantity);
      ++log_.returns;
    } else if (quantity == 0) {
      return;
    } else if (price <= 0) {
      return void(++log_.without_price);
    }
    add(customer, product, *day, quantity, price);
    note_description(fields);
  }

  // The first non-empty description of each product, when the log has a description column.
  void note_description(const std::vector<LogField>& fields) {
    if (options_.description.empty() || description_.index >= fields.size()) return;
    auto& descriptions = log_.history.descriptions;
    const auto product = static_cast<std::size_t>(log_.history.lines.back().product);
    if (descriptions.size() <= product) descriptions.resize(product + 1);
    if (descriptions[product].empty()) descriptions[product] = fields[description_.index].text;
  }

  void add(const std::string& customer, const std::string& product, long day, double quantity,
           double price) {
    models::OrderHistory& h = log_.history;
    models::OrderLine line;
    line.customer = index_of(customers_, h.customers, customer);
    line.product = index_of(products_, h.products, product);
    line.day = day;
    line.quantity = quantity;
    line.unit_price = price;
    if (h.lines.empty()) log_.first_day = log_.last_day = day;
    log_.first_day = std::min(log_.first_day, day);
    log_.last_day = std::max(log_.last_day, day);
    h.lines.push_back(line);
  }

  const OrderLogOptions& options_;
  std::string file_;
  std::array<Column, 6> columns_;
  Column description_{"--description", &options_.description};
  char separator_ = 0;
  OrderLog log_;
  std::unordered_map<std::string, int> customers_, products_;
};

void check_options(const OrderLogOptions& options) {
  try {
    check_date_format(options.time_format);
  } catch (const InputError& e) {
    Diagnostic d = e.diagnostics().front();
    d.file = "--time-format";
    throw InputError(d);
  }
  if (options.product_codes != "digit" && options.product_codes != "any") {
    throw InputError(Diagnostic{"--product-codes", 1, 1,
                                fmt::format("'{}' is not 'digit' or 'any'", options.product_codes),
                                ""});
  }
}

}  // namespace

bool is_product_code(const std::string& code, const std::string& rule) {
  if (code.empty()) return false;
  return rule == "any" || std::isdigit(static_cast<unsigned char>(code.front())) != 0;
}

OrderLog read_order_log(const OrderLogOptions& options) {
  check_options(options);
  return OrderLogReader(options).read();
}

}  // namespace xsellsim::scenarios
