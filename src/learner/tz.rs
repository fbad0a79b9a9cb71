//! The local time zone's UTC offset, read from the system's TZif file
//! (`$TZ` or `/etc/localtime`), so a study day starts at local midnight. No date
//! crate and no libc: the format is small. Anything unreadable means UTC.

use std::path::PathBuf;

/// Seconds east of UTC at `unix_secs`. Past the file's last transition the last
/// offset is used (the POSIX rule in the footer is not interpreted: at worst a
/// study day then starts an hour off midnight in summer, which is harmless).
pub fn local_offset_seconds(unix_secs: i64) -> i64 {
    zone_file()
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|bytes| offset_at(&bytes, unix_secs))
        .unwrap_or(0)
}

fn zone_file() -> Option<PathBuf> {
    match std::env::var("TZ") {
        Ok(tz) if !tz.is_empty() => {
            let name = tz.trim_start_matches(':');
            let path = PathBuf::from(name);
            if path.is_absolute() {
                Some(path)
            } else {
                Some(PathBuf::from("/usr/share/zoneinfo").join(name))
            }
        }
        _ => Some(PathBuf::from("/etc/localtime")),
    }
}

/// The offset at `t` from TZif bytes (version 1 data, or the 64-bit block of v2+).
pub fn offset_at(bytes: &[u8], t: i64) -> Option<i64> {
    let header = Header::read(bytes)?;
    let (header, body, wide) = if header.version >= b'2' {
        let second = &bytes[44 + header.block_len(4)..];
        (Header::read(second)?, &second[44..], true)
    } else {
        (header, &bytes[44..], false)
    };
    let size = if wide { 8 } else { 4 };
    let times = body.get(..header.timecnt * size)?;
    let indices = body.get(header.timecnt * size..header.timecnt * (size + 1))?;
    let types = body.get(header.timecnt * (size + 1)..)?;
    let time = |i: usize| -> i64 {
        let b = &times[i * size..(i + 1) * size];
        if wide {
            i64::from_be_bytes(b.try_into().unwrap_or([0; 8]))
        } else {
            i64::from(i32::from_be_bytes(b.try_into().unwrap_or([0; 4])))
        }
    };
    let ttype = match (0..header.timecnt).rev().find(|&i| time(i) <= t) {
        Some(i) => usize::from(indices[i]),
        None => 0,
    };
    let info = types.get(ttype * 6..ttype * 6 + 4)?;
    Some(i64::from(i32::from_be_bytes(info.try_into().ok()?)))
}

struct Header {
    version: u8,
    isutcnt: usize,
    isstdcnt: usize,
    leapcnt: usize,
    timecnt: usize,
    typecnt: usize,
    charcnt: usize,
}

impl Header {
    fn read(bytes: &[u8]) -> Option<Header> {
        if bytes.get(..4)? != b"TZif" || bytes.len() < 44 {
            return None;
        }
        let count = |i: usize| -> usize {
            let at = 20 + i * 4;
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize
        };
        Some(Header {
            version: bytes[4],
            isutcnt: count(0),
            isstdcnt: count(1),
            leapcnt: count(2),
            timecnt: count(3),
            typecnt: count(4),
            charcnt: count(5),
        })
    }

    /// Length of the data block after this header, with `size`-byte times.
    fn block_len(&self, size: usize) -> usize {
        self.timecnt * (size + 1)
            + self.typecnt * 6
            + self.charcnt
            + self.leapcnt * (size + 4)
            + self.isstdcnt
            + self.isutcnt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A v1 file: +3600 until t = 1000, then +7200.
    fn sample() -> Vec<u8> {
        let mut b = b"TZif".to_vec();
        b.push(0);
        b.extend([0; 15]);
        for n in [0u32, 0, 0, 1, 2, 4] {
            b.extend(n.to_be_bytes());
        }
        b.extend(1000i32.to_be_bytes());
        b.push(1);
        b.extend(3600i32.to_be_bytes());
        b.extend([0, 0]);
        b.extend(7200i32.to_be_bytes());
        b.extend([1, 0]);
        b.extend(b"ABC\0");
        b
    }

    #[test]
    fn reads_the_offset_in_force() {
        let bytes = sample();
        assert_eq!(offset_at(&bytes, 0), Some(3600));
        assert_eq!(offset_at(&bytes, 1000), Some(7200));
        assert_eq!(offset_at(b"garbage", 0), None);
    }
}
