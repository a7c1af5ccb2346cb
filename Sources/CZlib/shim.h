// The system zlib (Debian zlib1g-dev): deflate, inflate and CRC-32 for the ZIP container
// of .xlsx. Its CRC-32 and deflate are vectorised C; doing either in Swift cost a third of
// the write time.
#include <zlib.h>
