/// @file gait/solver.cpp
/// The periodic step by Newton-Broyden (gait/newton_broyden.hpp) on the shooting residuals, from
/// the analytic first guess or a neighbour's solution, with continuation from an easier
/// condition when the direct solve fails.
#include "kneeload/gait/solver.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "kneeload/gait/first_guess.hpp"
#include "kneeload/gait/newton_broyden.hpp"
#include "kneeload/parameters/registry.hpp"

namespace kneeload {

namespace {

using shooting::Evaluation;
using shooting::Vector5;
using Matrix5 = Eigen::Matrix<double, 5, 5>;

/// At the integration's noise floor the stance is integrated more accurately (refined_integration),
/// at most `max_refinements` times (1e-6 / 1e-7 -> 1e-8 / 1e-9 at the defaults).
constexpr double refinement_factor = 0.1;
constexpr int max_refinements = 2;

/// The periodic step as a problem for NewtonBroyden: one stance and the closed-form flight per
/// evaluation, the solver's box, and tighter integration on request.
class GaitProblem {
public:
    using Evaluation = shooting::Evaluation;

    GaitProblem(const StanceModel& model, const GaitKinematics& gait, const ClosureTarget& target)
        : weights(shooting::residual_weights(target.closure.kind)), model_(&model), gait_(gait), target_(target) {}

    Evaluation evaluate(const Vector5& u) const { return shooting::evaluate(*model_, gait_, target_, u); }
    static void project(Vector5& u) { shooting::clamp_unknowns(u); }
    bool refine() {
        if (refinements_ == max_refinements) return false;
        ModelParameters tighter = model_->parameters;
        tighter.numerics = refined_integration(tighter.numerics, 1);
        refined_.emplace(tighter);
        model_ = &*refined_;
        ++refinements_;
        return true;
    }
    /// The residuals' noise in their units, at most about 10x the integration's relative tolerance
    /// (tests/cpp/test_gait.cpp measures it).
    double relative_noise() const { return model_->parameters.numerics.relative_tolerance; }

    const Vector5 weights;

private:
    const StanceModel* model_;
    std::optional<StanceModel> refined_;
    const GaitKinematics& gait_;
    const ClosureTarget& target_;
    int refinements_ = 0;
};

NewtonBroydenSettings newton_settings(const GaitSolverSettings& settings) {
    NewtonBroydenSettings s;
    s.tolerance = settings.residual_tolerance;
    s.max_iterations = settings.max_iterations;
    return s;
}

/// Status and reason of a finished iteration.
void classify(GaitSolution& solution, const Evaluation& e, const GaitSolverSettings& settings) {
    const double largest = e.residual.cwiseAbs().maxCoeff();
    const double period = solution.gait.step_period_s();
    if (e.flight_time_s <= 0.0) {
        solution.status = GaitStatus::no_flight_phase;
        // The status's name (no_flight_phase) heads the reason in a failed step
        // (GaitSolution::status_and_reason).
        solution.reason = "contact time " + format_derived(e.contact_time_s) +
                          " s is not shorter than the step period " + format_derived(period) + " s";
    } else if (largest > settings.acceptable_residual) {
        solution.status = GaitStatus::not_converged;
        solution.reason = "periodic-gait residuals did not fall below " + format_derived(settings.acceptable_residual) +
                          " (largest " + format_derived(largest) + ") in " + std::to_string(solution.iterations) +
                          " iterations";
    } else if (e.take_off_com_vy <= 0.0) {
        solution.status = GaitStatus::leg_would_pull;
        solution.reason =
            "the COM leaves the ground moving down: the step period is too short for a ballistic "
            "flight, the leg would have to pull";
    } else {
        solution.status = GaitStatus::ok;
    }
}

/// One Newton-Broyden solve from a start, with what continuation needs of it.
struct Attempt {
    GaitSolution solution;
    Vector5 unknowns = Vector5::Zero();
    Evaluation evaluation;  ///< of the final unknowns
    Matrix5 jacobian = Matrix5::Zero();
};

Attempt attempt(const StanceModel& model, const GaitKinematics& gait, const ClosureTarget& target, const Vector5& start,
                const GaitSolverSettings& settings, const Matrix5* jacobian = nullptr) {
    Attempt a;
    a.solution.gait = gait;
    a.solution.closure = target.closure;
    GaitProblem problem(model, gait, target);
    NewtonBroyden<5, GaitProblem> newton(problem, shooting::typical_size, newton_settings(settings));
    a.unknowns = start;
    const auto started = newton.run(start, jacobian);
    a.solution.stance_evaluations = newton.evaluations();
    a.solution.refinements = newton.refinements();
    if (started != NewtonBroyden<5, GaitProblem>::Start::ok) {
        a.solution.status = GaitStatus::stance_failed;
        a.solution.reason = started == NewtonBroyden<5, GaitProblem>::Start::evaluation_failed
                                ? "first guess stance failed: " + std::string(describe(newton.current().stance_status))
                                : std::string("stance failed next to the first guess (finite-difference Jacobian)");
        a.solution.control = shooting::control_from(start, model, gait);
        return a;
    }
    a.jacobian = newton.jacobian();
    a.unknowns = newton.unknowns();
    a.evaluation = newton.current();
    a.solution.iterations = newton.iterations();
    a.solution.control = shooting::control_from(a.unknowns, model, gait);
    a.solution.contact_time_s = a.evaluation.contact_time_s;
    a.solution.flight_time_s = a.evaluation.flight_time_s;
    a.solution.residuals = a.evaluation.named;
    classify(a.solution, a.evaluation, settings);
    return a;
}

bool numerical_failure(GaitStatus s) { return s == GaitStatus::not_converged || s == GaitStatus::stance_failed; }

// Continuation (a homotopy in cadence and closure target): when the direct solve fails for a
// numerical reason, the gait is solved at the runner's preferred cadence with the empirical
// closure (the anchor, where the first guess is best), then followed to the requested cadence
// and closure target in steps, each warm-started from the last solution; a failed step is
// halved down to `smallest_continuation_step` of the path.
constexpr double first_continuation_step = 0.25, largest_continuation_step = 0.5;
constexpr double smallest_continuation_step = 1.0 / 256.0;

GaitKinematics at_cadence(const GaitKinematics& gait, double cadence_steps_per_min) {
    GaitKinematics g = gait;
    g.cadence_steps_per_min = cadence_steps_per_min;
    g.step_length_m = g.speed_m_per_s * 60.0 / cadence_steps_per_min;
    return g;
}

/// A continuation path: the gait and closure target at a share lambda of the way from the anchor
/// (lambda = 0) to the requested condition (lambda = 1), cadence and closure target linear in it.
struct Path {
    GaitKinematics gait;   ///< requested
    ClosureTarget target;  ///< requested
    double anchor_cadence_steps_per_min;
    double anchor_closure_value;  ///< the requested closure's quantity at the anchor's solution
    GaitKinematics gait_at(double lambda) const {
        if (lambda == 1.0) return gait;
        return at_cadence(
            gait, anchor_cadence_steps_per_min + lambda * (gait.cadence_steps_per_min - anchor_cadence_steps_per_min));
    }
    ClosureTarget target_at(double lambda) const {
        if (lambda == 1.0) return target;
        return {target.closure, anchor_closure_value + lambda * (target.value - anchor_closure_value)};
    }
};

/// Where a continuation meets a face of the solver's box: that unknown, at that face value.
struct BoxExit {
    int unknown = 0;
    double face = 0.0;
    double lambda = 0.0;  ///< predicted share of the path
    Vector5 at = Vector5::Zero();
};

/// Where the path's secant through its last two solved points, u(lambda) = u + (lambda -
/// lambda_u) rate, first meets a face of the solver's box before the end of the path.
std::optional<BoxExit> box_exit(const Vector5& u, double lambda_u, const Vector5& rate) {
    Vector5 lower, upper;
    shooting::box(lower, upper);
    std::optional<BoxExit> first;
    for (int i = 0; i < 5; ++i) {
        if (rate[i] == 0.0) continue;
        const double face = rate[i] > 0.0 ? upper[i] : lower[i];
        const double lambda = lambda_u + (face - u[i]) / rate[i];
        if (lambda < lambda_u || lambda > 1.0 || (first && lambda >= first->lambda)) continue;
        first = BoxExit{i, face, lambda, u + (lambda - lambda_u) * rate};
        first->at[i] = face;
    }
    return first;
}

/// The periodic step ON a face of the box somewhere along the path: the unknown at the face is
/// fixed and the path's share lambda is solved for in its place (a boundary point of the
/// family of periodic steps, as in the computation of fold and boundary points in numerical
/// continuation).
class BoundaryProblem {
public:
    using Evaluation = shooting::Evaluation;
    BoundaryProblem(const StanceModel& model, const Path& path, const BoxExit& exit, double lambda_solved)
        : weights(shooting::residual_weights(path.target.closure.kind)),
          model_(model),
          path_(path),
          exit_(exit),
          lambda_solved_(lambda_solved) {}
    Vector5 unknowns_at(const Vector5& u, double lambda) const {
        Vector5 v = u;
        v[exit_.unknown] = lambda;
        return v;
    }
    Vector5 stance_unknowns(const Vector5& v) const {
        Vector5 u = v;
        u[exit_.unknown] = exit_.face;
        return u;
    }
    Evaluation evaluate(const Vector5& v) const {
        const double lambda = v[exit_.unknown];
        return shooting::evaluate(model_, path_.gait_at(lambda), path_.target_at(lambda), stance_unknowns(v));
    }
    void project(Vector5& v) const {
        const double lambda = std::clamp(v[exit_.unknown], lambda_solved_, 1.0);
        v = stance_unknowns(v);
        shooting::clamp_unknowns(v);
        v[exit_.unknown] = lambda;
    }
    static bool refine() { return false; }
    double relative_noise() const { return model_.parameters.numerics.relative_tolerance; }
    const Vector5 weights;

private:
    const StanceModel& model_;
    const Path& path_;
    const BoxExit& exit_;
    double lambda_solved_;
};

/// A periodic step on a face of the solver's box, at a share of a continuation path.
struct PathLimit {
    Vector5 unknowns;  ///< of the stance, one of them on the face
    double progress;   ///< share of the path
};

/// The periodic step on the face `exit` predicts, if one exists between the last solved point
/// and the end of the path.
std::optional<PathLimit> confirm_exit(const StanceModel& model, const Path& path, const BoxExit& exit,
                                      double lambda_solved, const GaitSolverSettings& settings, int& evaluations) {
    BoundaryProblem problem(model, path, exit, lambda_solved);
    constexpr double typical_lambda = 0.1;
    Vector5 typical = shooting::typical_size;
    typical[exit.unknown] = typical_lambda;
    NewtonBroyden<5, BoundaryProblem> newton(problem, typical, newton_settings(settings));
    const auto started = newton.run(problem.unknowns_at(exit.at, exit.lambda));
    evaluations += newton.evaluations();
    if (started != NewtonBroyden<5, BoundaryProblem>::Start::ok || !newton.converged()) return std::nullopt;
    // The other unknowns must lie inside the box: on a second face the point is not this limit's.
    Vector5 lower, upper, others = problem.stance_unknowns(newton.unknowns());
    shooting::box(lower, upper);
    others[exit.unknown] = 0.5 * (lower[exit.unknown] + upper[exit.unknown]);
    if (shooting::limit_reached(others)) return std::nullopt;
    return PathLimit{problem.stance_unknowns(newton.unknowns()), newton.unknowns()[exit.unknown]};
}

/// The outcome of a continuation: the solution at the requested condition, or the attempt
/// where the path could not go on (and how far it got).
struct Continuation {
    bool reached = false;
    Attempt last;     ///< at the requested condition when reached, else the last failed attempt
    double progress;  ///< share of the path from the anchor that was solved
    /// When not reached: a periodic step on a face of the solver's box that the path reaches
    /// before its end (a physical limit, not a numerical failure).
    std::optional<PathLimit> limit;
};

/// Follows the periodic steps from an anchor (a gait and closure where the first guess works)
/// to the requested gait and closure target; empty when the anchor itself does not solve.
std::optional<Continuation> continue_from(const StanceModel& model, const GaitKinematics& anchor_gait,
                                          const Closure& anchor_closure, const GaitKinematics& gait,
                                          const ClosureTarget& target, const GaitSolverSettings& settings,
                                          int& evaluations) {
    const auto anchor_target = closure_target(model, anchor_gait, anchor_closure);
    if (!anchor_target) return std::nullopt;
    Attempt solved =
        attempt(model, anchor_gait, *anchor_target, first_guess(model, anchor_gait, *anchor_target), settings);
    evaluations += solved.solution.stance_evaluations;
    if (!solved.solution.ok()) return std::nullopt;
    const Path path{gait, target, anchor_gait.cadence_steps_per_min,
                    closure_quantity(target.closure.kind, solved.solution.control, solved.evaluation.contact_time_s,
                                     anchor_gait.step_period_s(), solved.evaluation.com_touchdown_x_m)};
    Continuation out;
    double lambda = 0.0, step = first_continuation_step;
    Vector5 previous_unknowns = solved.unknowns;
    double previous_lambda = 0.0;
    while (lambda < 1.0 && step >= smallest_continuation_step) {
        const double next = std::min(1.0, lambda + step);
        Attempt a = attempt(model, path.gait_at(next), path.target_at(next), solved.unknowns, settings);
        evaluations += a.solution.stance_evaluations;
        if (a.solution.ok() || (next == 1.0 && !numerical_failure(a.solution.status))) {
            previous_unknowns = solved.unknowns;
            previous_lambda = lambda;
            lambda = next;
            solved = std::move(a);
            step = std::min(2.0 * step, largest_continuation_step);
        } else {
            out.last = std::move(a);
            step *= 0.5;
        }
    }
    out.reached = lambda == 1.0;
    out.progress = lambda;
    if (out.reached) {
        out.last = std::move(solved);
    } else if (lambda > previous_lambda) {
        const Vector5 rate = (solved.unknowns - previous_unknowns) / (lambda - previous_lambda);
        if (const auto exit = box_exit(solved.unknowns, lambda, rate))
            out.limit = confirm_exit(model, path, *exit, lambda, settings, evaluations);
    }
    return out;
}

/// Continuation paths to try, easiest first: the closure target alone from the empirical
/// closure at the requested gait; the cadence alone from the preferred cadence with the
/// requested closure; both from the preferred cadence with the empirical closure. A path may end
/// where the stance changes character (the foot bouncing off the stack before the hip's lowest
/// point ends the stance at once: the residuals jump) while another meets a physical limit.
std::optional<Continuation> continue_to(const StanceModel& model, const GaitKinematics& gait,
                                        const ClosureTarget& target, const GaitSolverSettings& settings,
                                        int& evaluations) {
    const GaitKinematics preferred =
        at_cadence(gait, preferred_cadence_steps_per_min(gait.speed_m_per_s, model.parameters.runner));
    const bool other_closure = target.closure.kind != ClosureKind::empirical;
    const bool other_cadence = preferred.cadence_steps_per_min != gait.cadence_steps_per_min;
    std::vector<std::pair<GaitKinematics, Closure>> anchors;
    if (other_closure) anchors.emplace_back(gait, Closure{});
    if (other_cadence) anchors.emplace_back(preferred, target.closure);
    if (other_closure && other_cadence) anchors.emplace_back(preferred, Closure{});
    // None reached: a path that meets a physical limit (a periodic step on a face of the box)
    // explains the failure; otherwise the furthest path shows where the solves stopped.
    std::optional<Continuation> limited, furthest;
    for (const auto& [anchor_gait, anchor_closure] : anchors) {
        auto c = continue_from(model, anchor_gait, anchor_closure, gait, target, settings, evaluations);
        if (!c) continue;
        if (c->reached) return c;
        if (c->limit && !limited) {
            limited = std::move(c);
        } else if (!furthest || c->progress > furthest->progress) {
            furthest = std::move(c);
        }
    }
    return limited ? limited : furthest;
}

/// A numerical failure whose iteration ended on a physical limit (a face of the solver's box)
/// is that limit: no periodic step exists within it.
void classify_limit(GaitSolution& solution, const Vector5& unknowns, const std::string& where) {
    const auto limit = shooting::limit_reached(unknowns);
    if (!limit) return;
    solution.status = GaitStatus::beyond_limits;
    solution.reason = *limit + where;
}

}  // namespace

namespace {

/// The cold solve: the analytic first guess, then continuation from an easier condition.
Attempt solve_cold(const StanceModel& model, const GaitKinematics& gait, const Closure& closure,
                   const GaitSolverSettings& settings) {
    GaitTarget given;
    given.speed_m_per_s = gait.speed_m_per_s;
    given.cadence_steps_per_min = gait.cadence_steps_per_min;
    validate(given, closure);
    const auto target = closure_target(model, gait, closure);
    if (!target) {
        GaitSolution solution;
        solution.gait = gait;
        solution.closure = closure;
        solution.status = GaitStatus::no_flight_phase;
        solution.reason = "the empirical leg stiffness " +
                          format_derived(empirical_leg_stiffness_n_per_m(model.parameters.runner, gait)) +
                          " N/m needs a contact time longer than the step period " +
                          format_derived(gait.step_period_s()) + " s";
        Attempt none;
        none.solution = std::move(solution);
        return none;
    }
    Attempt direct = attempt(model, gait, *target, first_guess(model, gait, *target), settings);
    if (numerical_failure(direct.solution.status)) {
        classify_limit(direct.solution, direct.unknowns, "");
        int evaluations = direct.solution.stance_evaluations;
        if (auto continued = continue_to(model, gait, *target, settings, evaluations)) {
            if (continued->reached) {
                direct = std::move(continued->last);
            } else if (numerical_failure(direct.solution.status)) {
                const auto short_of = [](double progress) {
                    return " (continuing from an easier condition, the periodic steps reach this limit " +
                           format_derived(100.0 * (1.0 - progress)) + " % of the way short)";
                };
                classify_limit(direct.solution, continued->last.unknowns, short_of(continued->progress));
                if (numerical_failure(direct.solution.status) && continued->limit)
                    classify_limit(direct.solution, continued->limit->unknowns, short_of(continued->limit->progress));
            }
        }
        direct.solution.stance_evaluations = evaluations;
    }
    direct.solution.closure = closure;
    return direct;
}

/// The start of a warm solve: the Lagrange polynomial through the chain's kept solutions
/// (position -> unknowns), evaluated at the next position: the newest solution, its secant or
/// its quadratic or cubic extrapolation (a predictor, as in numerical continuation).
Vector5 warm_start_unknowns(const GaitWarmStart& warm) {
    const double x = warm.next_position;
    int points = 0;
    while (points < warm.solved && std::isfinite(x) && std::isfinite(warm.position[points])) ++points;
    for (int i = 0; i < points; ++i)  // distinct positions only
        for (int j = 0; j < i; ++j)
            if (warm.position[i] == warm.position[j]) points = std::min(points, i);
    if (points < 2) return shooting::unknowns_from(warm.control[0]);
    Vector5 start = Vector5::Zero();
    for (int i = 0; i < points; ++i) {
        double weight = 1.0;
        for (int j = 0; j < points; ++j)
            if (j != i) weight *= (x - warm.position[j]) / (warm.position[i] - warm.position[j]);
        start += weight * shooting::unknowns_from(warm.control[i]);
    }
    shooting::clamp_unknowns(start);
    return start;
}

/// A solved step becomes the newest of the chain.
void remember(GaitWarmStart& warm, const Attempt& solved) {
    for (int i = GaitWarmStart::history - 1; i > 0; --i) {
        warm.control[i] = warm.control[i - 1];
        warm.position[i] = warm.position[i - 1];
    }
    warm.control[0] = solved.solution.control;
    warm.position[0] = warm.next_position;
    warm.solved = std::min(warm.solved + 1, GaitWarmStart::history);
    warm.jacobian = solved.jacobian;
}

}  // namespace

IntegratorSettings refined_integration(IntegratorSettings numerics, int refinements) {
    for (int k = 0; k < refinements; ++k) {
        numerics.relative_tolerance *= refinement_factor;
        numerics.absolute_tolerance *= refinement_factor;
    }
    if (refinements > 0) {
        numerics.solver_lower_limb_velocity_tolerance_scale =
            std::min(numerics.solver_lower_limb_velocity_tolerance_scale, numerics.lower_limb_velocity_tolerance_scale);
        numerics.solver_lower_limb_position_tolerance_scale =
            std::min(numerics.solver_lower_limb_position_tolerance_scale, 1.0);
    }
    return numerics;
}

GaitSolution solve_gait(const StanceModel& model, const GaitKinematics& gait, const Closure& closure,
                        const GaitSolverSettings& settings) {
    return solve_cold(model, gait, closure, settings).solution;
}

GaitSolution solve_gait(const StanceModel& model, const GaitKinematics& gait, const Closure& closure,
                        const GaitSolverSettings& settings, GaitWarmStart& warm) {
    int warm_evaluations = 0;
    if (warm.available()) {
        GaitTarget given;
        given.speed_m_per_s = gait.speed_m_per_s;
        given.cadence_steps_per_min = gait.cadence_steps_per_min;
        validate(given, closure);
        if (const auto target = closure_target(model, gait, closure)) {
            Attempt a = attempt(model, gait, *target, warm_start_unknowns(warm), settings, &warm.jacobian);
            if (a.solution.ok()) {
                remember(warm, a);
                a.solution.closure = closure;
                return std::move(a.solution);
            }
            warm_evaluations = a.solution.stance_evaluations;
        }
    }
    Attempt cold = solve_cold(model, gait, closure, settings);
    cold.solution.stance_evaluations += warm_evaluations;
    if (cold.solution.ok()) {
        remember(warm, cold);
    } else {
        warm = GaitWarmStart{};
    }
    return std::move(cold.solution);
}

GaitSolution solve_gait(const StanceModel& model, const GaitTarget& target, const Closure& closure,
                        const GaitSolverSettings& settings) {
    return solve_gait(model, resolve(target, model.parameters.runner), closure, settings);
}

}  // namespace kneeload
