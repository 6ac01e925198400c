/// @file io/file_error.cpp
#include "kneeload/io/file_error.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace kneeload::io {

FileError::FileError(const std::string& what, const std::string& path, int error_number)
    : std::runtime_error(what + " '" + path + "': " + std::strerror(error_number)),
      path_(path),
      error_number_(error_number) {}

std::string create_temporary_beside(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
        throw FileError("cannot write the output file", path, EISDIR);
    const std::string suffix = ".tmp";
    std::string pattern = path + ".XXXXXX" + suffix;
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const int fd = ::mkstemps(buffer.data(), static_cast<int>(suffix.size()));
    if (fd < 0) throw FileError("cannot create a temporary file beside", path, errno);
    // mkstemps creates the file for its owner only; give it the mode a new file gets (umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, static_cast<mode_t>(0666 & ~mask));
    ::close(fd);
    return std::string(buffer.data());
}

void commit_temporary(const std::string& temporary, const std::string& path) {
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throw FileError("cannot rename the temporary file to", path, error);
    }
}

}  // namespace kneeload::io
