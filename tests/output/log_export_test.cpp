// The export files: their layout, the calendar of their times, and nothing left half-written.
#include "output/log_export.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <string>

#include "../models/test_world.hpp"

namespace xsellsim::output {
namespace {

std::string read_gz(const std::filesystem::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  EXPECT_NE(file, nullptr) << path;
  if (file == nullptr) return {};
  std::string text;
  char buffer[4096];
  int got = 0;
  while ((got = gzread(file, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<std::size_t>(got));
  gzclose(file);
  return text;
}

std::filesystem::path fresh_directory(const char* name) {
  auto directory = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(directory);
  return directory;
}

TEST(LogExport, WritesOrderLinesEmailEventsAndEffectsInTheirLayouts) {
  models::World world = models::testing::camera_world();
  world.population.start_month = 3;
  const auto directory = fresh_directory("xsellsim-log-export-test");
  {
    LogExport log(directory, world, 2025);
    log.customer_begins(7, 1);
    // A return logged with its purchase, before a later purchase: the file puts it in time order.
    log.order_line({sim::kDay + 3600, 0, 1, 50000});
    log.order_line({40 * sim::kDay, 0, -1, 50000});
    log.order_line({2 * sim::kDay, 1, 1, 6400});
    log.email_event({sim::kDay + 7200, 1, models::EmailEventKind::kOpen, 1});
    log.customer_ends({7, 0, 1, {true, true}, {0, 1250}, {0, 6400}});
    log.finish();
  }
  EXPECT_EQ(read_gz(directory / "orders.csv.gz"),
            "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
            "1,camera,1,2025-03-02 01:00:00,500.00,7\n"
            "2,tripod,1,2025-03-03 00:00:00,64.00,7\n"
            "C3,camera,-1,2025-04-10 00:00:00,500.00,7\n");
  EXPECT_EQ(read_gz(directory / "email_events.csv.gz"),
            "customer,arm,time,sequence,step,product,event\n"
            "7,email,2025-03-02 02:00:00,accessories,step1,tripod,open\n");
  EXPECT_EQ(read_gz(directory / "customers.csv.gz"),
            "customer,segment,arm,entered,effect_margin_email,effect_cross_sell_email\n"
            "7,all,email,1,12.50,64.00\n");
  EXPECT_FALSE(std::filesystem::exists(directory / "orders.csv.gz.part"));
}

TEST(LogExport, AnUnfinishedExportLeavesNoFile) {
  const models::World world = models::testing::camera_world();
  const auto directory = fresh_directory("xsellsim-log-export-unfinished");
  {
    LogExport log(directory, world);
    log.customer_begins(0, 0);
    log.customer_ends({0, 0, 0, {false, false}, {0, 0}, {0, 0}});
  }  // destroyed without finish(): as when a run is interrupted
  EXPECT_TRUE(std::filesystem::is_empty(directory));
}

}  // namespace
}  // namespace xsellsim::output
