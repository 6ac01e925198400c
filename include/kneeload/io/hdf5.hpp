#pragma once
/// @file io/hdf5.hpp
/// HDF5 output of a sweep (compiled in src/io/hdf5.cpp), in the layout of sweep/layout.hpp,
/// a netCDF-4 file that follows the CF conventions (CF-1.10): readable by the netCDF-C library
/// (ncdump, netCDF4-python, xarray's netcdf4 engine) and by HDF5 readers (h5py, h5netcdf).
/// Dimensions are HDF5 dimension scales with their coordinates (a choice axis as strings); every
/// variable has `units` (UDUNITS-2) and `long_name`, `status` has `flag_values`/`flag_meanings`,
/// `reason` is a netCDF-4 `string` (variable-length UTF-8), and the fixed parameters are numeric
/// or string attributes beside `Conventions`, `title`, `history`, `source` and `references`.
/// The file is written under a unique temporary name in the target's directory and renamed to
/// `path` only once complete, so an interrupted or failed sweep never leaves a truncated file
/// under the final name (a file already there stays as it was) and two writers to one name
/// never touch each other's temporary files (the last to finish wins).

#include <memory>
#include <string>

#include "kneeload/io/file_error.hpp"
#include "kneeload/sweep/layout.hpp"

namespace kneeload::io {

class SweepFileWriter : public SweepSink {
public:
    /// Checks `path` and creates the temporary file with every variable sized for the sweep.
    /// `extra_attributes` are added to the root attributes; without a `history` among them the
    /// writer records its creation time and name. Throws InvalidParameter for a sweep without
    /// axes, FileError (naming the path and the system's cause) when the file cannot be made.
    SweepFileWriter(const std::string& path, const SweepSpec& spec, std::size_t curve_points = 0,
                    const Attributes& extra_attributes = {});
    SweepFileWriter(const SweepFileWriter&) = delete;
    SweepFileWriter& operator=(const SweepFileWriter&) = delete;
    /// Removes the temporary file unless commit() succeeded.
    ~SweepFileWriter() override;

    /// Writes one chunk (any flat range of conditions).
    void write(const SweepChunk& chunk) override;
    /// Closes the file and renames it to its final name; throws FileError when a condition
    /// was never written or the file cannot be completed.
    void commit();
    /// Closes and removes the temporary file now (what the destructor does unless committed).
    void discard() noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Runs the sweep and writes it to `path`. Returns the number of ok conditions.
std::size_t write_sweep_hdf5(const std::string& path, const SweepSpec& spec, const SweepOptions& options,
                             const Attributes& extra_attributes = {});

}  // namespace kneeload::io
