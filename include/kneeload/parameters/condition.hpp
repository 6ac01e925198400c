#pragma once
/// @file parameters/condition.hpp
/// One simulation condition: the model's parameters, the gait asked for and the closure.
/// Plain data with the published defaults; checked by validate() (parameters/registry.hpp).

#include "kneeload/parameters/foot_strike.hpp"
#include "kneeload/parameters/gait_target.hpp"
#include "kneeload/parameters/knee.hpp"
#include "kneeload/parameters/numerics.hpp"
#include "kneeload/parameters/runner.hpp"
#include "kneeload/parameters/shoe.hpp"
#include "kneeload/parameters/surface.hpp"

namespace kneeload {

/// Everything that describes the runner, equipment and numerics (not the gait).
struct ModelParameters {
    Runner runner;
    Shoe shoe;
    Surface surface;
    FootStrike foot_strike;
    Patellofemoral patellofemoral;
    IntegratorSettings numerics;
};

struct Condition {
    ModelParameters model;
    GaitTarget gait;
    Closure closure;
};

}  // namespace kneeload
