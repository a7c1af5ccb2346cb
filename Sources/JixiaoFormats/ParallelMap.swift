import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` over chunks on every core, in order. Used where each element's work is
    /// independent and large tables make it worth it (parsing indicator cells); small
    /// inputs run on the calling thread.
    func parallelMap<Result>(minimumChunk: Int = 2_048, _ transform: (Element) -> Result) -> [Result] {
        let cores = ProcessInfo.activeCores
        guard count >= minimumChunk * 2, cores > 1 else { return map(transform) }
        let chunks = Swift.min(cores * 4, (count + minimumChunk - 1) / minimumChunk)
        let chunkSize = (count + chunks - 1) / chunks
        return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
            let output = UnsafeSendableBuffer(base: buffer.baseAddress!)
            withoutActuallyEscaping(transform) { transform in
                let work = UnsafeSendableClosure(body: transform)
                self.withUnsafeBufferPointer { input in
                    let source = UnsafeSendableInput(base: input.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let start = chunk * chunkSize
                        let end = Swift.min(start + chunkSize, count)
                        guard start < end else { return }
                        for i in start..<end {
                            // Each index is written by exactly one chunk.
                            (output.base + i).initialize(to: work.body(source.base[i]))
                        }
                    }
                }
            }
            initialized = count
        }
    }
}

// The pointers and closure cross into the worker threads; each thread touches disjoint
// indices and the transform is pure, which is what makes the unchecked sendability sound.
private struct UnsafeSendableBuffer<T>: @unchecked Sendable { let base: UnsafeMutablePointer<T> }
private struct UnsafeSendableInput<T>: @unchecked Sendable { let base: UnsafePointer<T> }
private struct UnsafeSendableClosure<T, R>: @unchecked Sendable { let body: (T) -> R }

extension ProcessInfo {
    static let activeCores = ProcessInfo.processInfo.activeProcessorCount
}
