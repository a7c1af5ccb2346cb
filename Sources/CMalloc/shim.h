// glibc's allocator statistics (mallinfo2), for the memory /metrics reports: Swift's Glibc
// module does not carry <malloc.h>.
#include <malloc.h>
