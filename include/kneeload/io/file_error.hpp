#pragma once
/// @file io/file_error.hpp
/// The one exception type of the writers (OSError in Python), and the temporary-file
/// discipline they share: write to a unique temporary name in the target directory, rename to
/// the final name only when complete.

#include <stdexcept>
#include <string>

namespace kneeload::io {

/// A file could not be created, written or renamed; the message names the path and the cause.
class FileError : public std::runtime_error {
public:
    FileError(const std::string& what, const std::string& path, int error_number);
    const std::string& path() const noexcept { return path_; }
    int error_number() const noexcept { return error_number_; }

private:
    std::string path_;
    int error_number_;
};

/// A unique temporary path next to `path` ("<path>.<random>.tmp"), created empty (so two
/// writers to the same name never share one); throws FileError when the directory cannot
/// take it (missing, read-only, `path` is a directory).
std::string create_temporary_beside(const std::string& path);

/// Renames `temporary` to `path` (atomic within a file system); throws FileError.
void commit_temporary(const std::string& temporary, const std::string& path);

}  // namespace kneeload::io
