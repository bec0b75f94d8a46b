# Evaluates a Homebrew cask file under a small stand-in of Homebrew's cask DSL, once for Apple
# silicon and once for Intel, and prints what each stanza said as JSON. Homebrew itself is not on
# this machine: `ruby -c` checks the syntax, this checks the values as Ruby computes them (the
# url's #{version} and #{arch}, the sha256 for each arch).
#   ruby test/pack/cask-probe.rb CASK_FILE
require 'json'

class CaskProbe
  attr_reader :facts

  def initialize(cpu)
    @cpu = cpu
    @facts = { 'zap' => [], 'uninstall' => [], 'binary' => [], 'app' => [] }
  end

  def arch(arm: nil, intel: nil)
    return @arch if arm.nil? && intel.nil?
    @arch = @cpu == :arm ? arm : intel
    @facts['arch'] = @arch
  end

  def version(value = nil)
    return @version if value.nil?
    @version = value
    @facts['version'] = value
  end

  def sha256(value = nil, arm: nil, intel: nil)
    @facts['sha256'] = value || (@cpu == :arm ? arm : intel)
  end

  def appdir
    '/Applications'
  end

  %w[url name desc homepage auto_updates].each do |stanza|
    define_method(stanza) { |value| @facts[stanza] = value }
  end

  # A Symbol is printed as Ruby writes it (:ventura), so a string (">= :ventura") stays told apart.
  def depends_on(**options)
    @facts['depends_on'] = options.to_h { |key, value| [key.to_s, value.is_a?(Symbol) ? value.inspect : value] }
  end

  def app(value) = @facts['app'] << value
  def binary(value) = @facts['binary'] << value
  def uninstall(**options) = @facts['uninstall'] << options.transform_keys(&:to_s)
  def zap(**options) = @facts['zap'] << options.transform_keys(&:to_s)
end

$casks = {}
def cask(token, &block)
  $casks[token] = { arm: :arm, intel: :intel }.transform_values do |cpu|
    probe = CaskProbe.new(cpu)
    probe.instance_eval(&block)
    probe.facts
  end
end

load ARGV.fetch(0)
puts JSON.generate($casks)
