#pragma once
// The files of `xsellsim run --export DIR` (docs/export.md), gzip CSV:
//   orders.csv.gz        order lines in the online-retail layout `xsellsim calibrate orders`
//                        reads: InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID;
//                        a return is a line of quantity -1 whose InvoiceNo starts with "C"
//   email_events.csv.gz  customer,arm,time,sequence,step,product,event
//   customers.csv.gz     customer,segment,arm,entered, then per arm other than the baseline its
//                        true individual effect on margin and on cross-sell revenue
// Files are written under temporary names and renamed by finish(): an interrupted export leaves
// nothing half-written.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/export.hpp"

namespace xsellsim::output {

class LogExport final : public models::ExportSink {
 public:
  // Time 0 is midnight of the first day of the scenario's start month in `year`.
  LogExport(const std::filesystem::path& directory, const models::World& world, int year = 2025);
  ~LogExport() override;
  LogExport(const LogExport&) = delete;
  LogExport& operator=(const LogExport&) = delete;
  LogExport(LogExport&&) = delete;
  LogExport& operator=(LogExport&&) = delete;

  void customer_begins(std::uint64_t customer, std::size_t arm) override;
  void customer_ends(const models::ExportedCustomer& customer) override;
  void order_line(const models::LoggedOrderLine& line) override;
  void email_event(const models::EmailEvent& event) override;
  void finish();  // closes the files and gives them their names

 private:
  class GzFile;
  [[nodiscard]] std::string timestamp(sim::Time t) const;

  const models::World& world_;
  std::filesystem::path directory_;
  std::optional<std::size_t> baseline_;  // the arm the effects are measured against
  std::vector<std::string> step_names_;  // [arm][step] flattened: "sequence,step"
  std::vector<std::size_t> first_step_;  // [arm]: its first step in step_names_
  std::int64_t origin_days_ = 0;         // days from 1970-01-01 to time 0
  std::unique_ptr<GzFile> orders_, events_, customers_;
  std::uint64_t customer_ = 0;
  std::size_t arm_ = 0;
  std::vector<models::LoggedOrderLine> lines_;  // this customer's, sorted by time at the end
  std::uint64_t next_invoice_ = 1;
  bool finished_ = false;
};

}  // namespace xsellsim::output
