/// @file gait/solver.cpp
/// Newton-Broyden on the shooting residuals: a forward-difference Jacobian at the start, rank-one
/// Broyden updates after each full step, and a fresh finite-difference Jacobian whenever a full
/// step fails to reduce the residual; a backtracking line search on a weighted residual norm.
#include "kneeload/gait/solver.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "kneeload/gait/first_guess.hpp"
#include "kneeload/parameters/registry.hpp"

namespace kneeload {

namespace {

using shooting::Evaluation;
using shooting::Vector5;
using Matrix5 = Eigen::Matrix<double, 5, 5>;

// Tuning numbers of the iteration.
/// Typical size of each unknown (angle rad, hip vy m/s, hip vx m/s, stiffness 10 kN/m, ratio):
/// the finite-difference step is a fixed fraction of it.
const Vector5 unknown_scale = (Vector5() << 0.3, 1.0, 3.0, 1.0, 1.0).finished();
constexpr double finite_difference_fraction = 1e-5;
/// Halvings of the Newton step before giving up on it, and the sufficient-decrease constant.
constexpr int max_step_halvings = 12;
constexpr double sufficient_decrease = 1e-4;

/// Residual sizes that count alike in the line search's merit norm: 1 cm of COM height, 0.1 m/s
/// of velocity and speed, and 0.01 of the closure's unit (0.02 for the duty factor and for the
/// touchdown angle in rad, whose residuals are coarser).
constexpr double height_scale_m = 0.01, velocity_scale_m_per_s = 0.1;
constexpr double closure_scale = 0.01, coarse_closure_scale = 0.02;

Vector5 residual_weights(ClosureKind closure) {
    const bool coarse = closure == ClosureKind::duty_factor || closure == ClosureKind::touchdown_angle;
    return (Vector5() << 1.0 / height_scale_m, 1.0 / velocity_scale_m_per_s, 1.0 / velocity_scale_m_per_s,
            1.0 / velocity_scale_m_per_s, 1.0 / (coarse ? coarse_closure_scale : closure_scale))
        .finished();
}

class NewtonBroyden {
public:
    NewtonBroyden(const StanceModel& model, const GaitKinematics& gait, const ClosureTarget& target,
                  const GaitSolverSettings& settings, GaitSolution& solution)
        : model_(model),
          gait_(gait),
          target_(target),
          settings_(settings),
          solution_(solution),
          weights_(residual_weights(target.closure.kind)) {}

    /// Iterates from `start`; false when no stance could be integrated near the first guess.
    bool run(const Vector5& start, const Matrix5* jacobian = nullptr) {
        u_ = start;
        current_ = evaluate(u_);
        if (!current_.stance_ok()) {
            fail_at_start(std::string("first guess stance failed: ") + std::string(describe(current_.stance_status)));
            return false;
        }
        // A neighbour's Jacobian is a stale one: a failed step refreshes it by finite differences.
        bool fresh = jacobian == nullptr;
        if (jacobian) {
            jacobian_ = *jacobian;
        } else if (!finite_difference_jacobian()) {
            fail_at_start("stance failed next to the first guess (finite-difference Jacobian)");
            return false;
        }
        for (iteration_ = 0; !converged() && iteration_ < settings_.max_iterations; ++iteration_) {
            const Step step = newton_step(fresh);
            if (step == Step::full) {
                fresh = false;
                continue;
            }
            if (step == Step::none && fresh) break;  // no descent even with a fresh Jacobian
            if (!finite_difference_jacobian()) break;
            fresh = true;
        }
        return true;
    }

    int iterations() const { return iteration_; }
    const Matrix5& jacobian() const { return jacobian_; }
    const Vector5& unknowns() const { return u_; }
    const Evaluation& current() const { return current_; }

private:
    enum class Step { full, damped, none };

    Evaluation evaluate(const Vector5& u) {
        ++solution_.stance_evaluations;
        return shooting::evaluate(model_, gait_, target_, u);
    }
    double merit(const Vector5& r) const { return r.cwiseProduct(weights_).norm(); }
    bool converged() const { return current_.residual.cwiseAbs().maxCoeff() <= settings_.residual_tolerance; }

    bool finite_difference_jacobian() {
        for (int j = 0; j < 5; ++j) {
            Vector5 shifted = u_;
            const double h = finite_difference_fraction * unknown_scale[j];
            shifted[j] += h;
            const Evaluation e = evaluate(shifted);
            if (!e.stance_ok()) return false;
            jacobian_.col(j) = (e.residual - current_.residual) / h;
        }
        return true;
    }

    /// A Newton step with backtracking; a stale (Broyden) Jacobian gets no damping, it is
    /// refreshed first.
    Step newton_step(bool jacobian_fresh) {
        const Eigen::FullPivLU<Matrix5> lu(jacobian_);
        if (!lu.isInvertible()) return Step::none;
        const Vector5 direction = lu.solve(-current_.residual);
        const double merit_now = merit(current_.residual);
        double lambda = 1.0;
        for (int halving = 0; halving < max_step_halvings; ++halving, lambda *= 0.5) {
            Vector5 trial = u_ + lambda * direction;
            shooting::clamp_unknowns(trial);
            const Evaluation e = evaluate(trial);
            if (e.stance_ok() && merit(e.residual) < (1.0 - sufficient_decrease * lambda) * merit_now) {
                broyden_update(trial, e);
                return lambda == 1.0 ? Step::full : Step::damped;
            }
            if (!jacobian_fresh) break;
        }
        return Step::none;
    }

    /// Rank-one update J += (dr - J du) du^T / |du|^2 (Broyden 1965), then accept the step.
    void broyden_update(const Vector5& trial, const Evaluation& e) {
        const Vector5 du = trial - u_, dr = e.residual - current_.residual;
        jacobian_ += (dr - jacobian_ * du) * du.transpose() / du.squaredNorm();
        u_ = trial;
        current_ = e;
    }

    void fail_at_start(std::string reason) {
        solution_.status = GaitStatus::stance_failed;
        solution_.reason = std::move(reason);
        solution_.control = shooting::control_from(u_, model_, gait_);
    }

    const StanceModel& model_;
    const GaitKinematics& gait_;
    const ClosureTarget& target_;
    const GaitSolverSettings& settings_;
    GaitSolution& solution_;
    const Vector5 weights_;
    Vector5 u_ = Vector5::Zero();
    Evaluation current_;
    Matrix5 jacobian_ = Matrix5::Zero();
    int iteration_ = 0;
};

/// Status and reason of a finished iteration.
void classify(GaitSolution& solution, const Evaluation& e, const GaitSolverSettings& settings) {
    const double largest = e.residual.cwiseAbs().maxCoeff();
    const double period = solution.gait.step_period_s();
    if (e.flight_time_s <= 0.0) {
        solution.status = GaitStatus::no_flight_phase;
        solution.reason = "no flight phase: contact time " + format_number(e.contact_time_s) +
                          " s is not shorter than the step period " + format_number(period) + " s";
    } else if (largest > settings.acceptable_residual) {
        solution.status = GaitStatus::not_converged;
        solution.reason = "periodic-gait residuals did not fall below " + format_number(settings.acceptable_residual) +
                          " (largest " + format_number(largest) + ") in " + std::to_string(solution.iterations) +
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
    NewtonBroyden newton(model, gait, target, settings, a.solution);
    a.unknowns = start;
    if (!newton.run(start, jacobian)) return a;
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

/// The outcome of a continuation: the solution at the requested condition, or the attempt
/// where the path could not go on (and how far it got).
struct Continuation {
    bool reached = false;
    Attempt last;     ///< at the requested condition when reached, else the last failed attempt
    double progress;  ///< share of the path from the anchor that was solved
    /// When not reached: the unknowns where the path of periodic steps, extrapolated from its
    /// last two solved points, leaves the solver's box, if it does so within
    /// `limit_extrapolation_reach` of the last solved point (a physical limit, not a numerical
    /// failure).
    std::optional<Vector5> exit;
};

/// How far past the last solved point of a stalled continuation [share of the path] the path's
/// secant may be followed to a face of the box: twice the smallest step the continuation tried,
/// so that the extrapolation stays within the stretch where the solves failed.
constexpr double limit_extrapolation_reach = 2.0 * smallest_continuation_step;

/// Where the straight line u + s rate (s >= 0) first meets a face of the solver's box, if it
/// does for s <= reach.
std::optional<Vector5> box_exit(const Vector5& u, const Vector5& rate, double reach) {
    Vector5 lower, upper;
    shooting::box(lower, upper);
    double first = reach;
    bool found = false;
    for (int i = 0; i < 5; ++i) {
        if (rate[i] == 0.0) continue;
        const double s = ((rate[i] > 0.0 ? upper[i] : lower[i]) - u[i]) / rate[i];
        if (s >= 0.0 && s <= first) first = s, found = true;
    }
    if (!found) return std::nullopt;
    Vector5 exit = u + first * rate;
    shooting::clamp_unknowns(exit);
    return exit;
}

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
    const double from = closure_quantity(target.closure.kind, solved.solution.control, solved.evaluation.contact_time_s,
                                         anchor_gait.step_period_s(), solved.evaluation.com_touchdown_x_m);
    const double c0 = anchor_gait.cadence_steps_per_min, c1 = gait.cadence_steps_per_min;
    Continuation out;
    double lambda = 0.0, step = first_continuation_step;
    Vector5 previous_unknowns = solved.unknowns;
    double previous_lambda = 0.0;
    while (lambda < 1.0 && step >= smallest_continuation_step) {
        const double next = std::min(1.0, lambda + step);
        const bool final = next == 1.0;
        const GaitKinematics g = final ? gait : at_cadence(gait, c0 + next * (c1 - c0));
        const ClosureTarget t = final ? target : ClosureTarget{target.closure, from + next * (target.value - from)};
        Attempt a = attempt(model, g, t, solved.unknowns, settings);
        evaluations += a.solution.stance_evaluations;
        if (a.solution.ok() || (final && !numerical_failure(a.solution.status))) {
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
        out.exit = box_exit(solved.unknowns, rate, std::min(limit_extrapolation_reach, 1.0 - lambda));
    }
    return out;
}

/// Continuation paths to try, easiest first: the closure target alone from the empirical
/// closure at the requested gait; the cadence alone from the preferred cadence with the
/// requested closure; both from the preferred cadence with the empirical closure.
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
    std::optional<Continuation> furthest;
    for (const auto& [anchor_gait, anchor_closure] : anchors) {
        auto c = continue_from(model, anchor_gait, anchor_closure, gait, target, settings, evaluations);
        if (!c) continue;
        if (c->reached) return c;
        if (!furthest || c->progress > furthest->progress) furthest = std::move(c);
    }
    return furthest;
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
        solution.reason = "no flight phase: the empirical leg stiffness " +
                          format_number(empirical_leg_stiffness_n_per_m(model.parameters.runner, gait)) +
                          " N/m needs a contact time longer than the step period " +
                          format_number(gait.step_period_s()) + " s";
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
                const std::string where =
                    " (continuing from an easier condition, the periodic steps reach this limit " +
                    format_number(100.0 * (1.0 - continued->progress)) + " % of the way short)";
                classify_limit(direct.solution, continued->last.unknowns, where);
                if (numerical_failure(direct.solution.status) && continued->exit)
                    classify_limit(direct.solution, *continued->exit, where);
            }
        }
        direct.solution.stance_evaluations = evaluations;
    }
    direct.solution.closure = closure;
    return direct;
}

/// The start of a warm solve: the neighbour's unknowns, extrapolated along the chain when the
/// one before is known (a secant predictor, as in numerical continuation).
Vector5 warm_start_unknowns(const GaitWarmStart& warm) {
    Vector5 start = shooting::unknowns_from(warm.control);
    if (warm.has_previous && warm.step_ratio != 0.0) {
        start += warm.step_ratio * (start - shooting::unknowns_from(warm.previous));
        shooting::clamp_unknowns(start);
    }
    return start;
}

/// A solved step becomes the start of the next one in the chain.
void remember(GaitWarmStart& warm, const Attempt& solved) {
    warm.has_previous = warm.available;
    warm.previous = warm.control;
    warm.available = true;
    warm.control = solved.solution.control;
    warm.jacobian = solved.jacobian;
}

}  // namespace

GaitSolution solve_gait(const StanceModel& model, const GaitKinematics& gait, const Closure& closure,
                        const GaitSolverSettings& settings) {
    return solve_cold(model, gait, closure, settings).solution;
}

GaitSolution solve_gait(const StanceModel& model, const GaitKinematics& gait, const Closure& closure,
                        const GaitSolverSettings& settings, GaitWarmStart& warm) {
    int warm_evaluations = 0;
    if (warm.available) {
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
