/// The gait solver's Newton-Broyden (gait/newton_broyden.hpp) against MINPACK's hybrid method
/// (Powell's dogleg; Eigen's HybridNonLinearSolver, a well-kept implementation) on the same
/// problems: the periodic step over speed 2-6.5 m/s x cadence 0.8-1.25 x preferred x
/// rear/mid/forefoot for three runner/surface variants (900 problems), each solved cold from the same analytic first
/// guess with the same residuals, the same finite-difference step (1e-5 of each unknown's size; Newton-Broyden widens
/// it to the noise-matched sqrt(relative tolerance) after a stall far above the noise floor, as the gait solver does)
/// and no continuation. A problem counts as solved when the stance succeeds and every residual is at most the gait
/// solver's acceptance (1e-6). Prints one line per method.
///   build/benchmarks/kneeload_solver_comparison   (make bench runs it)
#include <chrono>
#include <cstdio>
#include <unsupported/Eigen/NonLinearOptimization>
#include <vector>

#include "kneeload/gait/closure.hpp"
#include "kneeload/gait/first_guess.hpp"
#include "kneeload/gait/kinematics.hpp"
#include "kneeload/gait/newton_broyden.hpp"
#include "kneeload/gait/solver.hpp"

namespace {
using namespace kneeload;
using shooting::Vector5;

using shooting::typical_size;
constexpr double finite_difference_fraction = NewtonBroydenSettings{}.finite_difference_fraction;

struct Problem {
    const StanceModel& model;
    GaitKinematics gait;
    ClosureTarget target;
    Vector5 start;
};

/// Newton-Broyden with the gait solver's merit weights for the empirical closure, without the
/// noise-floor refinement (the same single accuracy as the hybrid method).
struct NewtonProblem {
    using Evaluation = shooting::Evaluation;
    const Problem& p;
    Vector5 weights = shooting::residual_weights(ClosureKind::empirical);
    Evaluation evaluate(const Vector5& u) const { return shooting::evaluate(p.model, p.gait, p.target, u); }
    static void project(Vector5& u) { shooting::clamp_unknowns(u); }
    static bool refine() { return false; }
    double relative_noise() const { return p.model.parameters.numerics.relative_tolerance; }
};

/// The same residual for MINPACK: a failed stance, or unknowns outside the solver's box, can
/// only stop it (a negative return).
struct HybridFunctor {
    const Problem& p;
    int* evaluations;
    int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& f) const {
        ++*evaluations;
        Vector5 inside = x;
        shooting::clamp_unknowns(inside);
        if (inside != Vector5(x)) return -1;  // outside the box no stance is physical (it may not end)
        const shooting::Evaluation e = shooting::evaluate(p.model, p.gait, p.target, Vector5(x));
        if (!e.ok()) return -1;
        f = e.residual;
        return 0;
    }
};

struct Tally {
    int solved = 0, evaluations = 0;
    double seconds = 0.0;
};

bool solved(const Problem& p, const Vector5& u, double acceptance) {
    const shooting::Evaluation e = shooting::evaluate(p.model, p.gait, p.target, u);
    return e.ok() && e.residual.cwiseAbs().maxCoeff() <= acceptance;
}

void newton(const Problem& p, Tally& t, double acceptance) {
    NewtonProblem problem{p};
    NewtonBroyden<5, NewtonProblem> solver(problem, typical_size, NewtonBroydenSettings{});
    const auto start = std::chrono::steady_clock::now();
    const bool started = solver.run(p.start) == NewtonBroyden<5, NewtonProblem>::Start::ok;
    t.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    t.evaluations += solver.evaluations();
    t.solved += started && solved(p, solver.unknowns(), acceptance);
}

void hybrid(const Problem& p, Tally& t, double acceptance) {
    int evaluations = 0;
    HybridFunctor f{p, &evaluations};
    Eigen::HybridNonLinearSolver<HybridFunctor> solver(f);
    Eigen::VectorXd x = p.start;
    solver.resetParameters();
    solver.parameters.xtol = 1e-10;
    solver.parameters.maxfev = 200;  // 40 iterations' worth, as the gait solver's limit
    // MINPACK's forward-difference step is sqrt(epsfcn) |x_j|: the same relative step as above.
    solver.parameters.epsfcn = finite_difference_fraction * finite_difference_fraction;
    solver.diag = typical_size.cwiseInverse();  // scaled like the Newton-Broyden unknowns
    solver.useExternalScaling = true;
    const auto start = std::chrono::steady_clock::now();
    solver.solveNumericalDiff(x);
    t.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    t.evaluations += evaluations;
    t.solved += solved(p, Vector5(x), acceptance);
}

}  // namespace

int main() {
    // Rear/mid/forefoot for the default runner, a heavy tall runner (90 kg, 1.95 m) and the
    // default runner on a soft surface (50 kN/m): the cases where first guesses fail most.
    std::vector<StanceModel> models;
    for (int variant = 0; variant < 3; ++variant)
        for (auto pattern : {FootStrikePattern::rearfoot, FootStrikePattern::midfoot, FootStrikePattern::forefoot}) {
            ModelParameters m;
            m.foot_strike = FootStrike::of(pattern);
            if (variant == 1) m.runner.body_mass_kg = 90.0, m.runner.height_m = 1.95;
            if (variant == 2) m.surface.stiffness_n_per_m = 5e4;
            models.emplace_back(m);
        }
    const double acceptance = GaitSolverSettings{}.acceptable_residual;
    std::vector<Problem> problems;
    for (const StanceModel& model : models)
        for (int i = 0; i < 10; ++i)
            for (int j = 0; j < 10; ++j) {
                const double speed = 2.0 + 4.5 * i / 9.0;
                GaitTarget target;
                target.speed_m_per_s = speed;
                target.cadence_steps_per_min =
                    (0.8 + 0.45 * j / 9.0) * preferred_cadence_steps_per_min(speed, model.parameters.runner);
                const GaitKinematics gait = resolve(target, model.parameters.runner);
                const auto closure = closure_target(model, gait, Closure{});
                if (!closure) continue;
                problems.push_back({model, gait, *closure, first_guess(model, gait, *closure)});
            }
    Tally a, b;
    for (const Problem& p : problems) {
        newton(p, a, acceptance);
        hybrid(p, b, acceptance);
    }
    const auto report = [&](const char* name, const Tally& t) {
        std::printf("%-44s solved %3d of %zu (%5.1f %%)  stances per problem %6.1f  %7.0f us per problem\n", name,
                    t.solved, problems.size(), 100.0 * t.solved / problems.size(),
                    double(t.evaluations) / problems.size(), 1e6 * t.seconds / problems.size());
    };
    std::printf("cold solves from the analytic first guess, no continuation, acceptance %g\n", acceptance);
    report("Newton-Broyden with line search (kneeload)", a);
    report("MINPACK hybrid / Powell dogleg (Eigen)", b);
    return 0;
}
