#pragma once
/// @file kneeload.hpp
/// Umbrella header: the whole header-only core.
///
/// Layers (data flow downward only): parameters (runner, shoe, surface, foot_strike, knee,
/// patellofemoral, numerics) -> model (contact, stance, knee, patellofemoral) -> integrate
/// (events, stance, flight) -> gait -> metrics / outputs -> step.

#include "kneeload/constants.hpp"
#include "kneeload/contact.hpp"
#include "kneeload/errors.hpp"
#include "kneeload/events.hpp"
#include "kneeload/flight.hpp"
#include "kneeload/foot_strike.hpp"
#include "kneeload/gait.hpp"
#include "kneeload/knee.hpp"
#include "kneeload/metrics.hpp"
#include "kneeload/model.hpp"
#include "kneeload/numerics.hpp"
#include "kneeload/outputs.hpp"
#include "kneeload/patellofemoral.hpp"
#include "kneeload/runner.hpp"
#include "kneeload/shoe.hpp"
#include "kneeload/stance.hpp"
#include "kneeload/step.hpp"
#include "kneeload/surface.hpp"
#include "kneeload/version.hpp"
#include "kneeload/condition.hpp"
#include "kneeload/sweep.hpp"
#include "kneeload/io/metric_list.hpp"
