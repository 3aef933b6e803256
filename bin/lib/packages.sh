# Debian packages the project needs, installed only when missing. Sourced by bin/test and bin/vtep-manager.

# The real Open vSwitch labs (see integration-tests/README.md).
LAB_PACKAGES=(openvswitch-switch openvswitch-vtep python3-openvswitch iproute2 iputils-ping arping tcpdump ethtool)
# The dashboard's browser tests (bin/test only): Selenium drives /usr/bin/chromium through /usr/bin/chromedriver and
# never downloads a browser.
BROWSER_PACKAGES=(chromium chromium-driver)

apt_updated=false

install_packages() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: $*; run as root (or: sudo apt-get install $*)" >&2
    exit 1
  fi
  if ! $apt_updated; then
    apt-get update -qq
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Java 17+ and Maven: whatever provides them is kept; Debian's packages are installed only if they are absent.
ensure_build_tools() {
  local missing=()
  if ! command -v javac >/dev/null || [ "$(javac -version 2>&1 | sed -E 's/javac ([0-9]+).*/\1/')" -lt 17 ]; then
    missing+=(openjdk-17-jdk-headless)
  fi
  command -v mvn >/dev/null || missing+=(maven)
  if [ ${#missing[@]} -gt 0 ]; then
    install_packages "${missing[@]}"
  fi
}

# Installs those of the given packages that are not installed yet.
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    install_packages "${missing[@]}"
  fi
}

ensure_lab_packages() {
  ensure_packages "${LAB_PACKAGES[@]}"
}

ensure_browser_packages() {
  ensure_packages "${BROWSER_PACKAGES[@]}"
}
