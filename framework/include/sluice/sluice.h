// The umbrella header: the whole public DSL and runtime API.
#ifndef SLUICE_SLUICE_H_
#define SLUICE_SLUICE_H_

#include "sluice/branched_kstream.h"
#include "sluice/config.h"
#include "sluice/errors.h"
#include "sluice/kafka_streams.h"
#include "sluice/kgrouped_stream.h"
#include "sluice/kstream.h"
#include "sluice/ktable.h"
#include "sluice/log.h"
#include "sluice/metrics.h"
#include "sluice/options.h"
#include "sluice/processor.h"
#include "sluice/record.h"
#include "sluice/serde.h"
#include "sluice/shutdown_signal.h"
#include "sluice/status.h"
#include "sluice/streams_builder.h"
#include "sluice/topology.h"
#include "sluice/windows.h"

#endif  // SLUICE_SLUICE_H_
