// The one translation unit that compiles Asio, Beast and their SSL parts, so that
// every other file only includes their declarations (BOOST_*_SEPARATE_COMPILATION).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
