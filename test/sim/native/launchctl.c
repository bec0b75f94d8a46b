/*
 * The launchd simulator's launchctl, in C: the same protocol as test/sim/launchctl.ts (one JSON
 * request line on $LAUNCHD_SIM_DIR/launchd.sock, one JSON answer line), without a Node start per
 * call. When nothing listens yet it hands over to the Node client, which starts the daemon.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct {
  char *data;
  size_t len, cap;
} buffer;

static void put(buffer *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->data = realloc(b->data, b->cap);
    if (b->data == NULL) exit(70);
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void put_json_string(buffer *b, const char *s) {
  put(b, "\"", 1);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    char esc[8];
    if (*p == '"' || *p == '\\') {
      esc[0] = '\\';
      esc[1] = (char)*p;
      put(b, esc, 2);
    } else if (*p < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", *p);
      put(b, esc, 6);
    } else {
      put(b, (const char *)p, 1);
    }
  }
  put(b, "\"", 1);
}

static void put_utf8(buffer *b, unsigned long cp) {
  char out[4];
  if (cp < 0x80) {
    out[0] = (char)cp;
    put(b, out, 1);
  } else if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    put(b, out, 2);
  } else if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    put(b, out, 3);
  } else {
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    put(b, out, 4);
  }
}

static int hex4(const char *p, unsigned long *value) {
  *value = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return 0;
    *value = *value * 16 + (unsigned long)d;
  }
  return 1;
}

/* Decodes the JSON string value of "key" in `json` into `out`; returns 0 when it is not there. */
static int json_string_field(const char *json, const char *key, buffer *out) {
  char pattern[32];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  const char *p = strstr(json, pattern);
  if (p == NULL) return 0;
  for (p += strlen(pattern); *p && *p != '"'; p++) {
    if (*p != '\\') {
      put(out, p, 1);
      continue;
    }
    p++;
    switch (*p) {
      case 'n': put(out, "\n", 1); break;
      case 't': put(out, "\t", 1); break;
      case 'r': put(out, "\r", 1); break;
      case 'b': put(out, "\b", 1); break;
      case 'f': put(out, "\f", 1); break;
      case 'u': {
        unsigned long cp, low;
        if (!hex4(p + 1, &cp)) return 0;
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && p[1] == '\\' && p[2] == 'u' && hex4(p + 3, &low) && low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          p += 6;
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
          cp = 0xFFFD;
        }
        put_utf8(out, cp);
        break;
      }
      case '\0': return 0;
      default: put(out, p, 1);
    }
  }
  return *p == '"';
}

static void write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    data += n;
    len -= (size_t)n;
  }
}

static int hand_over(char **argv) {
  const char *node_client = getenv("LAUNCHD_SIM_NODE_CLIENT");
  if (node_client == NULL || *node_client == '\0') {
    fprintf(stderr, "launchctl (simulator): the daemon is not running and LAUNCHD_SIM_NODE_CLIENT is not set\n");
    return 70;
  }
  argv[0] = (char *)node_client;
  execv(node_client, argv);
  fprintf(stderr, "launchctl (simulator): cannot run %s: %s\n", node_client, strerror(errno));
  return 70;
}

int main(int argc, char **argv) {
  const char *dir = getenv("LAUNCHD_SIM_DIR");
  if (dir == NULL || *dir == '\0') {
    fputs("launchctl (simulator): LAUNCHD_SIM_DIR is not set\n", stderr);
    return 64;
  }
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (snprintf(addr.sun_path, sizeof addr.sun_path, "%s/launchd.sock", dir) >= (int)sizeof addr.sun_path) return hand_over(argv);
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) return hand_over(argv);

  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) == NULL) strcpy(cwd, "/");
  buffer request = {0};
  put(&request, "{\"argv\":[", 9);
  for (int i = 1; i < argc; i++) {
    if (i > 1) put(&request, ",", 1);
    put_json_string(&request, argv[i]);
  }
  char tail[64];
  snprintf(tail, sizeof tail, "],\"uid\":%u,\"cwd\":", (unsigned)getuid());
  put(&request, tail, strlen(tail));
  put_json_string(&request, cwd);
  put(&request, "}\n", 2);
  write_all(fd, request.data, request.len);

  buffer answer = {0};
  char chunk[8192];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    put(&answer, chunk, (size_t)n);
    if (memchr(chunk, '\n', (size_t)n) != NULL) break;
  }
  close(fd);
  if (answer.data == NULL) {
    fputs("launchctl (simulator): launchd simulator closed the connection\n", stderr);
    return 70;
  }
  const char *exit_field = strstr(answer.data, "\"exit\":");
  buffer out = {0}, err = {0};
  if (exit_field == NULL || !json_string_field(answer.data, "stdout", &out) || !json_string_field(answer.data, "stderr", &err)) {
    fputs("launchctl (simulator): launchd simulator sent a malformed answer\n", stderr);
    return 70;
  }
  if (out.len) write_all(1, out.data, out.len);
  if (err.len) write_all(2, err.data, err.len);
  return atoi(exit_field + 7);
}
