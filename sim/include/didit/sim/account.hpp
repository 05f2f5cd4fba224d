// SPDX-License-Identifier: MIT
// The simulator's account API (apx `/auth/v2/…`): register, verify-email, resend-otp, login,
// organizations and application credentials.
#pragma once

#include <chrono>
#include <string>
#include <utility>

#include <didit/sim/core.hpp>
#include <didit/sim/engine.hpp>
#include <didit/sim/workflows.hpp>

namespace didit {
namespace sim {
namespace account_detail {

/// Code lifetime: 10 minutes (Didit's newer docs; an older page said 15).
inline constexpr std::chrono::minutes kCodeTtl{10};
/// resend-otp: one code per email per minute.
inline constexpr std::chrono::seconds kResendCooldown{60};
/// Access tokens live a day (RS256 JWT, 86400 s).
inline constexpr long long kTokenSeconds = 86400;
/// The special characters the password rule accepts.
inline constexpr std::string_view kSpecials = "!@#$%^&*()_+-=[]{}|;:,.<>?";

inline std::string base64url(std::string_view in) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    auto byte = [&](std::size_t i) -> std::uint32_t {
        return i < in.size() ? static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) : 0u;
    };
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 3) {
        const std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        const std::size_t left = in.size() - i;  // unpadded: 2, 3 or 4 characters per group
        out += kAlphabet[(v >> 18) & 63u];
        out += kAlphabet[(v >> 12) & 63u];
        if (left > 1) out += kAlphabet[(v >> 6) & 63u];
        if (left > 2) out += kAlphabet[v & 63u];
    }
    return out;
}

/// A JWT-shaped token (header.payload.signature, base64url). The simulator does not sign it:
/// tokens are opaque to callers and recognised by lookup in Account::access_tokens.
inline std::string make_jwt(Context& ctx, const Account& acct, const char* type) {
    const auto iat = unix_seconds(ctx.now());
    const Json header = {{"alg", "RS256"}, {"typ", "JWT"}};
    const Json payload = {{"token_type", type},
                          {"iat", iat},
                          {"exp", iat + (std::string(type) == "refresh" ? 7 * kTokenSeconds : kTokenSeconds)},
                          {"jti", ctx.token(32)},
                          {"email", acct.email},
                          {"organization_id", acct.org_id}};
    return base64url(dump_json(header)) + "." + base64url(dump_json(payload)) + "." + ctx.token(86);
}

/// A plausible deliverable address: local@domain.tld, no spaces, Django-like limits.
inline bool valid_email(std::string_view e) {
    if (e.size() < 3 || e.size() > 254) return false;
    const auto at = e.find('@');
    if (at == std::string_view::npos || at == 0 || at > 64 || e.find('@', at + 1) != std::string_view::npos)
        return false;
    const auto local = e.substr(0, at), domain = e.substr(at + 1);
    for (char c : local)
        if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' ||
            c == ';' || c == '<' || c == '>' || c == '[' || c == '\\' || c == ']' ||
            static_cast<unsigned char>(c) >= 0x7F)
            return false;
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
    if (domain.size() < 3 || domain.find('.') == std::string_view::npos) return false;
    std::size_t start = 0;
    while (start <= domain.size()) {
        auto dot = domain.find('.', start);
        if (dot == std::string_view::npos) dot = domain.size();
        const auto label = domain.substr(start, dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
        start = dot + 1;
    }
    const auto tld = domain.substr(domain.rfind('.') + 1);
    return tld.size() >= 2;
}

/// Domains whose mail cannot be delivered (RFC 2606 reserved names): the real register answers
/// 500 for them because sending the code fails.
inline bool undeliverable(std::string_view email_lower) {
    const auto domain = email_lower.substr(email_lower.find('@') + 1);
    auto ends = [&](std::string_view suffix) {
        return domain.size() > suffix.size() && domain.substr(domain.size() - suffix.size()) == suffix;
    };
    return domain == "example.com" || domain == "example.org" || domain == "example.net" || ends(".test") ||
           ends(".example") || ends(".invalid") || ends(".localhost");
}

/// The first password rule that fails, or empty (checked one at a time, as the API does).
inline std::string password_problem(std::string_view p) {
    if (rules::utf8_length(p) < 8) return "Password must be at least 8 characters long.";
    bool upper = false, lower = false, digit = false, special = false;
    for (char c : p) {
        upper = upper || (c >= 'A' && c <= 'Z');
        lower = lower || (c >= 'a' && c <= 'z');
        digit = digit || (c >= '0' && c <= '9');
        special = special || kSpecials.find(c) != std::string_view::npos;
    }
    if (!upper) return "Password must contain at least one uppercase letter.";
    if (!lower) return "Password must contain at least one lowercase letter.";
    if (!digit) return "Password must contain at least one digit.";
    if (!special)
        return std::string("Password must contain at least one special character (") + std::string(kSpecials) + ").";
    return {};
}

/// Reads the required string fields `names` of the body, adding DRF's messages to `errs`.
inline std::string required_string(const Json& b, const char* name, FieldErrors& errs) {
    const Json* v = member(b, name);
    if (!v || v->is_null()) {
        errs.add(name, v ? "This field may not be null." : "This field is required.");
        return {};
    }
    if (!v->is_string()) {
        errs.add(name, "Not a valid string.");
        return {};
    }
    if (v->get_ref<const std::string&>().empty()) {
        errs.add(name, "This field may not be blank.");
        return {};
    }
    return v->get<std::string>();
}

inline std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

inline Account* find_account(State& st, const std::string& email) {
    auto it = st.accounts.find(rules::lower(trimmed(email)));
    if (it != st.accounts.end()) return &it->second;
    // The seeded account's key is Options::seed_email as configured; compare case-insensitively.
    for (auto& kv : st.accounts)
        if (rules::lower(kv.first) == rules::lower(trimmed(email))) return &kv.second;
    return nullptr;
}

inline void send_code(Context& ctx, Account& acct) {
    std::string code = rules::upper(ctx.token(6));
    acct.pending_code = code;
    acct.code_expires_at = ctx.now() + kCodeTtl;
    ctx.send_email(acct.email, "Your Didit verification code", std::move(code));
}

inline Reply register_account(Context& ctx) {
    const Json& b = ctx.request.json;
    FieldErrors errs;
    std::string email = trimmed(required_string(b, "email", errs));
    if (!email.empty() && !valid_email(email)) errs.add("email", "Enter a valid email address.");
    const std::string password = required_string(b, "password", errs);
    if (!password.empty())
        if (auto p = password_problem(password); !p.empty()) errs.add("password", std::move(p));
    if (!errs.empty()) return errs.reply();

    const std::string key = rules::lower(email);
    if (find_account(ctx.state, key)) return field_error("email", "A user with this email already exists.");
    if (undeliverable(key))
        // Sending the code fails on the real platform, which then answers 500.
        return detail_error(500, "Failed to send the verification email. Please try again later.");

    Account acct;
    acct.email = key;
    acct.password = password;
    acct.created_at = ctx.now_iso();
    Account& stored = ctx.state.accounts.emplace(key, std::move(acct)).first->second;
    send_code(ctx, stored);
    return json_reply(201,
                      Json{{"message", "Registration successful. Please check your email for the verification code."},
                           {"email", key}});
}

/// A new code for an unverified account; shares the
/// registration budget and has a 60 s per-email cooldown.
inline Reply resend_otp(Context& ctx) {
    FieldErrors errs;
    const std::string email = required_string(ctx.request.json, "email", errs);
    if (!errs.empty()) return errs.reply();
    Account* acct = find_account(ctx.state, email);
    if (!acct || acct->verified) return detail_error(400, "No pending email verification for this address.");
    const auto sent_at = acct->code_expires_at - kCodeTtl;
    if (ctx.now() < sent_at + kResendCooldown) {
        const auto wait =
            std::chrono::duration_cast<std::chrono::seconds>(sent_at + kResendCooldown - ctx.now()).count() + 1;
        Reply r = detail_error(429, "Please wait " + std::to_string(wait) + " seconds before requesting a new code.");
        r.headers.set("Retry-After", std::to_string(wait));
        return r;
    }
    send_code(ctx, *acct);
    return json_reply(200, Json{{"message", "A new verification code has been sent."}, {"email", acct->email}});
}

inline Json tokens(Context& ctx, Account& acct) {
    std::string access = make_jwt(ctx, acct, "access");
    acct.access_tokens.insert(access);
    return Json{{"access_token", std::move(access)},
                {"refresh_token", make_jwt(ctx, acct, "refresh")},
                {"expires_in", kTokenSeconds},
                {"token_type", "Bearer"}};
}

inline Reply verify_email(Context& ctx) {
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const std::string email = required_string(b, "email", errs);
    const std::string code = required_string(b, "code", errs);
    if (!errs.empty()) return errs.reply();
    Account* acct = find_account(ctx.state, email);
    // Unknown email and wrong code read the same, so the route does not reveal accounts.
    if (!acct || (!acct->verified && rules::upper(trimmed(code)) != acct->pending_code))
        return detail_error(400, "Invalid verification code.");
    if (acct->verified) return detail_error(400, "This email address is already verified.");
    if (ctx.now() > acct->code_expires_at)
        return detail_error(400, "The verification code has expired. Request a new one.");
    acct->verified = true;
    acct->pending_code.clear();
    App& app = ctx.engine.create_app(ctx, *acct);
    Json out = tokens(ctx, *acct);
    out["organization"] = {{"uuid", acct->org_id}, {"name", acct->org_name}};
    out["application"] = {{"uuid", app.id}, {"name", app.name}, {"client_id", app.client_id}, {"api_key", app.api_key}};
    return json_reply(200, out);
}

/// Progressive lockout after failed logins, as Didit documents it (5 failures -> 15 min,
/// 10 -> 1 h, 20 -> 24 h). Failures are kept in the state's rate
/// windows under their own scope, so a reset forgets them.
inline std::deque<Clock::time_point>& failures(Context& ctx, const std::string& email) {
    return ctx.state.rate_windows["login-failure|" + detail::bounded_key(rules::lower(trimmed(email)))];
}
inline std::chrono::seconds lockout(std::size_t failed) {
    if (failed >= 20) return std::chrono::hours(24);
    if (failed >= 10) return std::chrono::hours(1);
    if (failed >= 5) return std::chrono::minutes(15);
    return std::chrono::seconds(0);
}

inline Reply login(Context& ctx) {
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const std::string email = required_string(b, "email", errs);
    const std::string password = required_string(b, "password", errs);
    if (!errs.empty()) return errs.reply();

    auto& failed = failures(ctx, email);
    const auto now = ctx.now();
    while (!failed.empty() && failed.front() <= now - std::chrono::hours(24)) failed.pop_front();
    if (!failed.empty()) {
        const auto until = failed.back() + lockout(failed.size());
        if (now < until) {
            const auto wait = std::chrono::duration_cast<std::chrono::seconds>(until - now).count() + 1;
            Reply r =
                detail_error(429, "Too many failed login attempts. Try again in " + std::to_string(wait) + " seconds.");
            r.headers.set("Retry-After", std::to_string(wait));
            return r;
        }
    }
    Account* acct = find_account(ctx.state, email);
    if (!acct || acct->password != password) {
        failed.push_back(now);
        return detail_error(401, "No active account found with the given credentials");
    }
    failed.clear();
    if (!acct->verified)
        return detail_error(403, "Email address is not verified. Verify it with the code we emailed you first.");
    Json out = tokens(ctx, *acct);
    out.erase("token_type");
    out["message"] = "Login successful.";
    return json_reply(200, out);
}

inline Reply organizations(Context& ctx) {
    const Account& a = *ctx.account;
    Json out = Json::array();
    if (!a.org_id.empty())
        out.push_back(
            {{"uuid", a.org_id}, {"name", a.org_name}, {"contact_email", a.email}, {"created_at", a.created_at}});
    return json_reply(200, out);
}

inline Reply application(Context& ctx) {
    const Account& a = *ctx.account;
    const auto& p = ctx.request.params;
    // Only the caller's own organization and application; anything else is a plain 404.
    if (p.size() != 2 || p[0] != a.org_id || p[1] != a.app_id) return not_found();
    auto it = ctx.state.apps.find(a.app_id);
    if (it == ctx.state.apps.end()) return not_found();
    const App& app = it->second;
    return json_reply(200, Json{{"uuid", app.id},
                                {"name", app.name},
                                {"client_id", app.client_id},
                                {"api_key", app.api_key},
                                {"website_url", nullptr},
                                {"redirect_uris", Json::array()},
                                {"terms_url", nullptr},
                                {"privacy_url", nullptr},
                                {"description", nullptr},
                                {"created_at", a.created_at}});
}

}  // namespace account_detail

inline void install_account(Router& router) {
    namespace a = account_detail;
    router.add(Method::Post, "/auth/v2/programmatic/register/", Auth::None, a::register_account, Scope::Registration);
    router.add(Method::Post, "/auth/v2/programmatic/resend-otp/", Auth::None, a::resend_otp, Scope::Registration);
    router.add(Method::Post, "/auth/v2/programmatic/verify-email/", Auth::None, a::verify_email);
    router.add(Method::Post, "/auth/v2/programmatic/login/", Auth::None, a::login);
    router.add(Method::Get, "/auth/v2/organizations/me/", Auth::Bearer, a::organizations);
    router.add(Method::Get, "/auth/v2/organizations/me/{uuid}/applications/{uuid}/", Auth::Bearer, a::application);
}

}  // namespace sim
}  // namespace didit
