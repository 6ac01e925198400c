// Solves the default runner's periodic step through the installed package, exactly as a
// researcher would, and checks that the result is physically sane; prints "downstream OK".
#include <cstdio>
#include <sstream>

#include <kneeload/io/csv.hpp>
#include <kneeload/kneeload.hpp>

int main() {
    using namespace kneeload;
    Condition condition = make_condition({{"speed_m_per_s", 3.3, ""}, {"cadence_steps_per_min", 170.0, ""}});
    const SolvedStep solved = simulate_condition(condition);
    if (!solved.ok()) {
        std::printf("downstream FAILED: %s\n", solved.step.reason.c_str());
        return 1;
    }
    std::ostringstream csv;
    io::write_metrics_csv(csv, solved.step.metrics);  // links the compiled kneeload::io
    const double peak = solved.step.metrics.peak_vgrf_bw;
    std::printf("kneeload %s: peak vGRF %.3f BW, metrics CSV %zu bytes\n", version_string, peak, csv.str().size());
    if (peak < 1.5 || peak > 4.0) return 1;
    std::printf("downstream OK\n");
    return 0;
}
