import Foundation

/// What every fuzz target shares (docs/fuzzing.md).
///
/// A target is one executable with `LLVMFuzzerTestOneInput`. Built by `.ci/fuzz` with
/// `-sanitize=fuzzer,address -DJIXIAO_FUZZING`, its entry point hands control to libFuzzer's
/// driver (`Fuzz.driver`). Built plainly (`swift build`), the same executable replays
/// inputs instead: `FuzzXLSX crash-1234 fuzz/corpus/FuzzXLSX` runs each file (or each file
/// in a directory) through the target once, so a crash can be reproduced, and debugged,
/// without sanitizers.
///
/// Each target's `@main` calls `Fuzz.main(fuzz)`: SwiftPM links an executable module's
/// `main` as `<module>_main`, which its own `main` calls, so the same entry serves both builds.
public enum Fuzz {
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

    /// The target's entry: libFuzzer's driver in a fuzzing build, else a replay of the inputs named.
    public static func main(_ test: TestOneInput) {
        #if JIXIAO_FUZZING
        exit(driver(CommandLine.argc, CommandLine.unsafeArgv, test))
        #else
        replay(test)
        #endif
    }

    /// The input as bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: size > 0 ? data : nil, count: size))
    }

    /// Checks an invariant of a reader; a broken one traps, which libFuzzer reports as a
    /// crash with the input saved. Set `JIXIAO_FUZZ_INVARIANTS=0` to look only for
    /// crashes, leaks and timeouts (e.g. while a known invariant finding is being fixed).
    public static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
        guard checksInvariants, !condition() else { return }
        fatalError("invariant broken: \(message())", file: file, line: line)
    }

    public static let checksInvariants = ProcessInfo.processInfo.environment["JIXIAO_FUZZ_INVARIANTS"] != "0"

    /// A value read from an input, written back and read again, is the same value.
    public static func checkRoundTrip<T: Equatable>(_ value: T, through what: String, file: StaticString = #fileID, line: UInt = #line, _ writeAndRead: () throws -> T) {
        guard checksInvariants else { return }
        do {
            let again = try writeAndRead()
            check(again == value, "\(what): what was read, written and read again differs:\n  first: \(value)\n  again: \(again)", file: file, line: line)
        } catch {
            check(false, "\(what): what was read and written back cannot be read again: \(error)", file: file, line: line)
        }
    }

    #if JIXIAO_FUZZING
    /// libFuzzer's entry (the target's `<module>_main`).
    public static func driver(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: TestOneInput) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, test)
    }
    #else
    /// Runs each file named on the command line (each file in a named directory) through the
    /// target once, printing its name first; stdin when no file is named.
    public static func replay(_ test: TestOneInput) {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.isEmpty {
            let input = Array(FileHandle.standardInput.readDataToEndOfFile())
            run(test, input, name: "stdin")
            return
        }
        let manager = FileManager.default
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("no such file: \(argument)\n".utf8))
                exit(2)
            }
            let paths = isDirectory.boolValue
                ? ((try? manager.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                : [argument]
            for path in paths {
                guard let data = manager.contents(atPath: path) else { continue }
                run(test, Array(data), name: path)
            }
        }
    }

    private static func run(_ test: TestOneInput, _ input: [UInt8], name: String) {
        FileHandle.standardOutput.write(Data("\(name) (\(input.count) bytes)".utf8))
        if input.isEmpty {
            // A pointer even for an empty input, as libFuzzer gives.
            var empty: UInt8 = 0
            _ = withUnsafePointer(to: &empty) { test($0, 0) }
        } else {
            _ = input.withUnsafeBufferPointer { test($0.baseAddress!, $0.count) }
        }
        print(": ok")
    }
    #endif
}

#if JIXIAO_FUZZING
/// libFuzzer's driver (in the libclang_rt.fuzzer that `-sanitize=fuzzer` links), declared
/// with C's calling convention (the `Extern` feature this target enables).
@_extern(c, "LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: Fuzz.TestOneInput
) -> CInt
#endif
