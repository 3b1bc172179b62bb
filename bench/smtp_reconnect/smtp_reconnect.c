/* What a refused recipient costs over libcurl: N single-recipient transactions on one easy
 * handle, every other one to RECIPIENT, and the connections libcurl opened for them.
 *
 *   cc bench/smtp_reconnect/smtp_reconnect.c -o /tmp/smtp_reconnect -lcurl
 *   /usr/bin/python3 tests/support/smtp_server.py --port 40126 --out /tmp/r.jsonl &
 *   /tmp/smtp_reconnect smtp://127.0.0.1:40126 400 ok2@x.test       # one connection
 *   /tmp/smtp_reconnect smtp://127.0.0.1:40126 400 unknown@x.test   # 550 5.1.1: a new one each
 *
 * With --tls-cert/--tls-key on the server the sessions use STARTTLS (certificate not checked).
 * "mean ok" is the time of the transactions to the good address: after a refusal it includes
 * the new connection, greeting, EHLO (and TLS). */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t read_message(char* buffer, size_t size, size_t count, void* userp) {
  const char** p = userp;
  size_t n = strlen(*p);
  if (n > size * count) n = size * count;
  memcpy(buffer, *p, n);
  *p += n;
  return n;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s SMTP_URL TRANSACTIONS RECIPIENT\n", argv[0]);
    return 2;
  }
  curl_global_init(CURL_GLOBAL_ALL);
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, argv[1]);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, "shop@example.com");
  curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  const int n = atoi(argv[2]);
  long connections = 0;
  double ok_seconds = 0, other_seconds = 0;
  const double started = now();
  for (int i = 0; i < n; ++i) {
    struct curl_slist* rcpt = curl_slist_append(NULL, i % 2 ? argv[3] : "ok@x.test");
    const char* message = "Subject: t\r\n\r\nhi\r\n";
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READDATA, &message);
    const double t = now();
    curl_easy_perform(curl);
    *(i % 2 ? &other_seconds : &ok_seconds) += now() - t;
    long opened = 0;
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &opened);
    connections += opened;
    curl_slist_free_all(rcpt);
  }
  printf(
      "%d transactions (every other to %s): %.3f s, %ld connections; mean ok %.2f ms, "
      "mean other %.2f ms\n",
      n, argv[3], now() - started, connections, 1000 * ok_seconds / (n - n / 2),
      1000 * other_seconds / (n / 2));
  curl_easy_cleanup(curl);
  return 0;
}
