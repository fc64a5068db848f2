//! The trailing checksum of unspun's binary formats (the language model,
//! the thesaurus): a CRC-32 (IEEE, as zlib computes it) of every byte
//! before it, stored little-endian in the file's last four bytes.

/// Append the checksum of `out` to it.
pub fn append(out: &mut Vec<u8>) {
    let sum = crc32fast::hash(out);
    out.extend_from_slice(&sum.to_le_bytes());
}

/// A file whose checksum does not match its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mismatch {
    /// The CRC-32 of the contents.
    pub actual: u32,
    /// What the last four bytes say (0 when there are fewer than four).
    pub stored: u32,
}

/// The contents of `bytes` (all but the last four), when the checksum
/// those last four bytes hold matches them.
///
/// # Errors
/// [`Mismatch`] when it does not, or `bytes` is shorter than a checksum.
pub fn verify(bytes: &[u8]) -> Result<&[u8], Mismatch> {
    let Some(body_len) = bytes.len().checked_sub(4) else {
        return Err(Mismatch {
            actual: crc32fast::hash(&[]),
            stored: 0,
        });
    };
    let (body, tail) = bytes.split_at(body_len);
    let stored = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
    let actual = crc32fast::hash(body);
    if actual == stored {
        Ok(body)
    } else {
        Err(Mismatch { actual, stored })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_checksum_verifies_and_any_change_does_not() {
        let mut bytes = b"unspun".to_vec();
        append(&mut bytes);
        assert_eq!(bytes.len(), 10);
        assert_eq!(verify(&bytes), Ok(&b"unspun"[..]));
        for at in 0..bytes.len() {
            let mut b = bytes.clone();
            b[at] ^= 0x10;
            assert!(verify(&b).is_err(), "byte {at}");
        }
        assert!(verify(&bytes[..3]).is_err());
    }
}
