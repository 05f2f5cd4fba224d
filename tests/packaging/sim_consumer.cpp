// SPDX-License-Identifier: MIT
// The program the simulator's packaging consumer builds: a Client on the in-process simulator, one real call.
#include <didit/sim.hpp>

#include <iostream>
#include <memory>

int main() {
    auto platform = std::make_shared<didit::sim::Platform>();
    didit::ClientOptions options;
    options.api_key = platform->api_key();
    didit::Client<didit::sim::SimTransport> client(options, didit::sim::SimTransport(platform));
    auto balance = client.billing().balance();
    if (!balance) {
        std::cerr << "consumer find_package_sim: " << balance.error().to_string() << "\n";
        return 1;
    }
    if (balance->balance != "100.0000") {  // the seeded application's credits
        std::cerr << "consumer find_package_sim: balance " << balance->balance << "\n";
        return 1;
    }
    std::cout << "consumer find_package_sim: ok\n";
    return 0;
}
