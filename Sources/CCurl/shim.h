#ifndef FRIST_CCURL_SHIM_H
#define FRIST_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_multi_setopt are variadic, which Swift cannot call.
// These typed wrappers cover the argument kinds libcurl accepts.

static inline CURLcode frist_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode frist_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode frist_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode frist_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode frist_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*frist_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);

static inline CURLcode frist_easy_setopt_data_callback(CURL *handle, CURLoption option, frist_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

typedef int (*frist_curl_prereq_callback)(void *clientp, char *primary_ip, char *local_ip, int primary_port, int local_port);

static inline CURLcode frist_easy_setopt_prereq_callback(CURL *handle, frist_curl_prereq_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, callback);
}

static inline CURLcode frist_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode frist_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

#endif
