// The translation unit that builds the networked layers' shared precompiled header
// (server/CMakeLists.txt, tether_server_pch); it has no code of its own.
