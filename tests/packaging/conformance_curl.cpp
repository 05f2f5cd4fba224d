// SPDX-License-Identifier: MIT
// The conformance check run against the SDK's own CurlTransport: the reference transport must pass it.
//
// Usage: conformance_curl <echo server origin, e.g. http://127.0.0.1:8123>
#include <didit/conformance.hpp>
#include <didit/transport/curl.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: conformance_curl <echo server origin>\n";
        return 2;
    }
    didit::CurlTransport transport;
    didit::ConformanceOptions options;
    options.base_url = argv[1];
    const didit::ConformanceReport report = didit::check_transport_conformance(transport, options);
    std::cout << report.to_string();
    if (!report.ok()) {
        std::cerr << "consumer conformance-curl: CurlTransport failed " << report.failed() << " checks\n";
        return 1;
    }
    std::cout << "consumer conformance-curl: ok\n";
    return 0;
}
