// `xsellsim run --export` files (output/log_export.hpp).
#include "output/log_export.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>

namespace xsellsim::output {

namespace {
constexpr std::array<const char*, 3> kFiles{"orders.csv.gz", "email_events.csv.gz",
                                            "customers.csv.gz"};

std::filesystem::path part(const std::filesystem::path& path) { return path.string() + ".part"; }
}  // namespace

class LogExport::GzFile {
 public:
  explicit GzFile(std::filesystem::path path) : path_(std::move(path)) {
    file_ = gzopen(part(path_).c_str(), "wb6");
    if (file_ == nullptr) throw std::runtime_error("cannot write " + part(path_).string());
  }
  ~GzFile() {
    if (file_ != nullptr) gzclose(file_);
    std::error_code ignored;
    if (!renamed_) std::filesystem::remove(part(path_), ignored);
  }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;
  GzFile(GzFile&&) = delete;
  GzFile& operator=(GzFile&&) = delete;

  void write(std::string_view text) {
    if (text.empty()) return;
    if (gzwrite(file_, text.data(), static_cast<unsigned>(text.size())) == 0) {
      throw std::runtime_error("cannot write " + part(path_).string());
    }
  }
  void close_and_rename() {
    const int status = gzclose(file_);
    file_ = nullptr;
    if (status != Z_OK) throw std::runtime_error("cannot write " + part(path_).string());
    std::filesystem::rename(part(path_), path_);
    renamed_ = true;
  }

 private:
  std::filesystem::path path_;
  gzFile file_ = nullptr;
  bool renamed_ = false;
};

LogExport::LogExport(const std::filesystem::path& directory, const models::World& world, int year)
    : world_(world), directory_(directory), baseline_(models::baseline_arm(world)) {
  std::filesystem::create_directories(directory);
  for (const models::Arm& arm : world.arms) {
    first_step_.push_back(step_names_.size());
    for (const models::Sequence& sequence : arm.sequences) {
      for (const models::Step& step : sequence.steps) {
        step_names_.push_back(sequence.name + "," + step.name);
      }
    }
  }
  using namespace std::chrono;
  const year_month_day start{std::chrono::year{year},
                             month{static_cast<unsigned>(world.population.start_month)}, day{1}};
  origin_days_ = sys_days{start}.time_since_epoch().count();
  orders_ = std::make_unique<GzFile>(directory / kFiles[0]);
  events_ = std::make_unique<GzFile>(directory / kFiles[1]);
  customers_ = std::make_unique<GzFile>(directory / kFiles[2]);
  orders_->write("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
  events_->write("customer,arm,time,sequence,step,product,event\n");
  std::string header = "customer,segment,arm,entered";
  for (std::size_t a = 0; a < world.arms.size(); ++a) {
    if (!baseline_ || a == *baseline_) continue;
    header += fmt::format(",effect_margin_{0},effect_cross_sell_{0}", world.arms[a].name);
  }
  customers_->write(header + "\n");
}

LogExport::~LogExport() = default;

std::string LogExport::timestamp(sim::Time t) const {
  using namespace std::chrono;
  const std::int64_t whole_days = t / sim::kDay;
  const year_month_day date{sys_days{days{origin_days_ + whole_days}}};
  const hh_mm_ss<seconds> clock{seconds{t - whole_days * sim::kDay}};
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

void LogExport::customer_begins(std::uint64_t customer, std::size_t arm) {
  customer_ = customer;
  arm_ = arm;
  lines_.clear();
}

void LogExport::order_line(const models::LoggedOrderLine& line) { lines_.push_back(line); }

void LogExport::email_event(const models::EmailEvent& event) {
  const std::string_view lead = event.lead == models::kNoProduct
                                    ? std::string_view()
                                    : std::string_view(world_.products[event.lead].name);
  events_->write(fmt::format("{},{},{},{},{},{}\n", customer_, world_.arms[arm_].name,
                             timestamp(event.time), step_names_[first_step_[arm_] + event.step],
                             lead, models::kEmailEventNames[static_cast<std::size_t>(event.kind)]));
}

void LogExport::customer_ends(const models::ExportedCustomer& customer) {
  // Returns were logged when their purchase was: put the customer's lines in time order.
  std::stable_sort(lines_.begin(), lines_.end(),
                   [](const models::LoggedOrderLine& a, const models::LoggedOrderLine& b) {
                     return a.time < b.time;
                   });
  std::string text;
  for (const models::LoggedOrderLine& line : lines_) {
    text += fmt::format("{}{},{},{},{},{:.2f},{}\n", line.quantity < 0 ? "C" : "", next_invoice_++,
                        world_.products[line.product].name, line.quantity, timestamp(line.time),
                        static_cast<double>(line.unit_price_cents) / 100.0, customer.customer);
  }
  orders_->write(text);
  text = fmt::format("{},{},{},{}", customer.customer, world_.segments[customer.segment].name,
                     world_.arms[customer.arm].name, customer.entered[customer.arm] ? 1 : 0);
  if (const std::optional<std::size_t> baseline = baseline_) {
    for (std::size_t a = 0; a < world_.arms.size(); ++a) {
      if (a == *baseline) continue;
      text += fmt::format(
          ",{:.2f},{:.2f}",
          static_cast<double>(customer.margin_cents[a] - customer.margin_cents[*baseline]) / 100.0,
          static_cast<double>(customer.cross_sell_cents[a] - customer.cross_sell_cents[*baseline]) /
              100.0);
    }
  }
  customers_->write(text + "\n");
}

void LogExport::finish() {
  if (finished_) return;
  orders_->close_and_rename();
  events_->close_and_rename();
  customers_->close_and_rename();
  finished_ = true;
}

}  // namespace xsellsim::output
